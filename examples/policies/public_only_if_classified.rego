# METADATA
# title: Public bucket is not classified public
# description: >-
#   Only a bucket whose `data-classification` tag is "public" may be readable or writable by
#   anyone. A public bucket classified otherwise (or not at all) is a data leak waiting to be
#   found. The exposure is bucketguard's effective verdict: ACLs, bucket policies and access
#   points once the public access blocks and object ownership apply.
# custom:
#   id: ORG003
#   severity: critical
#   remediation: >-
#     Remove the public access (see the exposure reasons of the bucket), or, if the data is
#     meant for everyone, tag the bucket `data-classification = "public"`.
package bucketguard.org.public_only_if_classified

import data.bucketguard.lib

public_verdicts := {"public-read", "public-write"}

verdict := input.exposure.verdict

tags := input.tags

# The classification tag is known, and known to be "public".
classified_public if {
	lib.known(tags)
	not input.external
	tags.value["data-classification"] == "public"
}

# Whether the bucket is classified public cannot be told: its tags, or the tag's value, are
# not known, or the bucket is defined outside the scan.
classification_unknown if lib.unknown(tags)

classification_unknown if {
	lib.known(tags)
	some key, value in tags.value
	key == "data-classification"
	value == null
}

classification_unknown if input.external

deny contains {"msg": sprintf("the bucket is %s, but its data-classification tag is not \"public\"", [verdict]), "path": "tags"} if {
	verdict in public_verdicts
	not classified_public
	not classification_unknown
}

undecided contains {"msg": sprintf("the bucket is %s, and whether its data-classification tag is \"public\" is not known", [verdict]), "path": "tags"} if {
	verdict in public_verdicts
	classification_unknown
}

undecided contains {"msg": "the bucket's exposure is not known (see its exposure reasons), and it is not classified public", "path": "tags"} if {
	verdict == "unknown"
	not classified_public
}
