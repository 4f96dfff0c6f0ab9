# METADATA
# title: Bucket keeps incomplete multipart uploads forever
# description: >-
#   No enabled lifecycle rule aborts incomplete multipart uploads. The parts of an upload that
#   was never completed stay in the bucket, invisible in object listings, and are billed until
#   they are deleted; a rule with `abort_incomplete_multipart_upload` removes them after a few days.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
#     description: Configuring a lifecycle rule to delete incomplete multipart uploads
# custom:
#   id: BG703
#   slug: lifecycle-abort-multipart-missing
#   severity: low
#   group: resilience
#   opt_in: true
#   remediation: >-
#     Add an `aws_s3_bucket_lifecycle_configuration` rule with `status = "Enabled"` and an
#     `abort_incomplete_multipart_upload { days_after_initiation = 7 }` block.
package bucketguard.resilience.lifecycle_abort_multipart

import data.bucketguard.lib

lifecycle := input.settings.lifecycle

aborting if {
	some config in lifecycle
	some rule in config.rules
	lib.known(rule.status)
	rule.status.value == "Enabled"
	lib.decided(rule.abort_multipart_days)
	rule.abort_multipart_days.value != null
}

# A rule or a whole configuration whose part that matters is not known.
unknown_part contains config.reason if {
	some config in lifecycle
	config.state == "unknown"
}

unknown_part contains sprintf("%s: %s", [name, setting.reason]) if {
	some config in lifecycle
	some rule in config.rules
	some name in ["status", "abort_multipart_days"]
	setting := rule[name]
	lib.unknown(setting)
}

deny contains {"msg": "no lifecycle configuration names this bucket", "path": "lifecycle"} if {
	count(lifecycle) == 0
	not input.external
}

deny contains {"msg": "no enabled lifecycle rule aborts incomplete multipart uploads", "path": "lifecycle.0"} if {
	count(lifecycle) > 0
	not aborting
	count(unknown_part) == 0
}

undecided contains {"msg": sprintf("the lifecycle rules are not known: %s", [concat("; ", unknown_part)]), "path": "lifecycle.0"} if {
	not aborting
	count(unknown_part) > 0
}

undecided contains "the bucket is defined outside the scan, and the scan does not configure its lifecycle" if {
	count(lifecycle) == 0
	input.external
}
