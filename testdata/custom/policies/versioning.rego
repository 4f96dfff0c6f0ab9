# METADATA
# title: Versioning is enabled
# description: Every bucket keeps its object versions (a house rule).
# related_resources:
#   - ref: https://example.com/house-rules#versioning
#     description: House rules, versioning
# custom:
#   id: ORG101
#   slug: house-versioning
#   severity: medium
package bucketguard.test.versioning

import data.bucketguard.lib

status := input.settings.versioning.status

deny contains {"msg": "versioning is not enabled", "path": "versioning.status"} if {
	lib.decided(status)
	status.value != "Enabled"
}

undecided contains lib.undecided_on(status, "versioning.status") if lib.unknown(status)
