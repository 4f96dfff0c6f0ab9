# METADATA
# title: Buckets name their owner
# description: Every bucket carries an `owner` tag, so someone answers for it.
# custom:
#   id: ORG100
#   severity: high
#   remediation: Add `owner` to the bucket's tags.
package bucketguard.test.owner_tag

import data.bucketguard.lib

deny contains {"msg": "the bucket has no `owner` tag", "path": "tags"} if {
	lib.decided(input.tags)
	not input.tags.value.owner
}

undecided contains lib.undecided_on(input.tags, "tags") if lib.unknown(input.tags)
