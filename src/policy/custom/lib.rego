# Helpers for custom policies: `import data.bucketguard.lib`.
#
# Every setting of `input.settings` is {"value", "state", "origin"}; state is "known",
# "unknown" (the scanner cannot tell the value: never treat it as false) or "unset".
package bucketguard.lib

# The setting's value is known (written, or known in the plan).
known(setting) if setting.state == "known"

# The scanner cannot tell the setting's value.
unknown(setting) if setting.state == "unknown"

# Nothing writes the setting (its value is the default the model states, or null).
unset(setting) if setting.state == "unset"

# Known or unset: the value that applies is known.
decided(setting) if setting.state != "unknown"

# An `undecided` member for a setting whose value is not known, pointing at it:
#   undecided contains lib.undecided_on(s, "versioning.status") if {
#     s := input.settings.versioning.status
#     lib.unknown(s)
#   }
undecided_on(setting, path) := {"msg": sprintf("%s is not known: %s", [path, setting.reason]), "path": path}
