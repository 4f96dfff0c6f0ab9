# METADATA
# title: Bucket lacks a required tag
# description: >-
#   Every bucket carries the tags `owner` and `data-classification`: who answers for the data,
#   and how sensitive it is. Untagged buckets are orphaned, and the other house rules (such as
#   ORG003) read the classification.
# custom:
#   id: ORG001
#   severity: medium
#   remediation: >-
#     Add the missing tags to the bucket's `tags`, e.g.
#     `tags = { owner = "team-storage", data-classification = "internal" }`.
package bucketguard.org.required_tags

import data.bucketguard.lib

required := ["owner", "data-classification"]

tags := input.tags

# A tag whose value is not known (a variable without a value) is still written: present.
has_tag(name) if {
	some key, _ in tags.value
	key == name
}

# Tags of a bucket defined outside the scan are not seen: undecided, never missing.
deny contains {"msg": sprintf("the bucket has no `%s` tag", [name]), "path": "tags"} if {
	lib.decided(tags)
	not input.external
	some name in required
	not has_tag(name)
}

undecided contains lib.undecided_on(tags, "tags") if {
	lib.unknown(tags)
}

undecided contains {"msg": "the bucket is defined outside the scan: its tags are not seen", "path": "tags"} if {
	lib.decided(tags)
	input.external
}
