# METADATA
# title: Bucket does not replicate its objects
# description: >-
#   The bucket has no replication rule that is enabled. A copy of the objects in another
#   bucket (in another Region, or another account) keeps data through a Regional outage, an
#   accidental deletion or a compromised account; AWS lists replication among S3's resilience
#   features.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html
#     description: Replicating objects within and across Regions (S3 user guide)
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/disaster-recovery-resiliency.html
#     description: Resilience in Amazon S3
# custom:
#   id: BG701
#   slug: replication-disabled
#   severity: low
#   group: resilience
#   opt_in: true
#   remediation: >-
#     Add an `aws_s3_bucket_replication_configuration` for the bucket with a rule whose
#     `status` is "Enabled" and whose destination is a bucket in another Region (versioning
#     must be enabled on both buckets).
package bucketguard.resilience.replication

import data.bucketguard.lib

replication := input.settings.replication

# Directory buckets cannot replicate: nothing to ask of them.
applies if not input.directory

enabled_rule if {
	some rule in replication.rules
	lib.known(rule.status)
	rule.status.value == "Enabled"
}

unknown_rule if {
	some rule in replication.rules
	lib.unknown(rule.status)
}

deny contains {"msg": "no replication configuration names this bucket", "path": "replication"} if {
	applies
	replication.state == "unset"
	not input.external
}

deny contains {"msg": "every replication rule of the bucket is disabled", "path": "replication"} if {
	applies
	replication.state == "known"
	not enabled_rule
	not unknown_rule
}

undecided contains {"msg": sprintf("the replication rules are not known: %s", [replication.reason]), "path": "replication"} if {
	applies
	replication.state == "unknown"
}

undecided contains {"msg": "whether a replication rule is enabled is not known", "path": "replication"} if {
	applies
	replication.state == "known"
	not enabled_rule
	unknown_rule
}

undecided contains {"msg": "the bucket is defined outside the scan, and the scan does not configure its replication", "path": "replication"} if {
	applies
	replication.state == "unset"
	input.external
}
