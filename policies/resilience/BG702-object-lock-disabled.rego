# METADATA
# title: Bucket does not enable S3 Object Lock
# description: >-
#   Object Lock stores objects write-once-read-many: a version cannot be deleted or overwritten
#   for a retention period or while a legal hold is on, even by the root user in compliance
#   mode. It protects backups and records against ransomware and mistakes. It can be enabled
#   only when the bucket is created (or by AWS support afterwards).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#     description: Locking objects with Object Lock (S3 user guide)
# custom:
#   id: BG702
#   slug: object-lock-disabled
#   severity: low
#   group: resilience
#   opt_in: true
#   remediation: >-
#     Set `object_lock_enabled = true` on the `aws_s3_bucket` (a new bucket) and give it a
#     default retention with an `aws_s3_bucket_object_lock_configuration`.
package bucketguard.resilience.object_lock

import data.bucketguard.lib

enabled := input.settings.object_lock.enabled

applies if not input.directory

# Unset with a value: the default of a separate object lock configuration ("Enabled").
deny contains {"msg": "Object Lock is not enabled", "path": "object_lock.enabled"} if {
	applies
	lib.decided(enabled)
	enabled.value != true
	not outside
}

outside if {
	input.external
	lib.unset(enabled)
	enabled.value == null
}

undecided contains lib.undecided_on(enabled, "object_lock.enabled") if {
	applies
	lib.unknown(enabled)
}

undecided contains {"msg": "the bucket is defined outside the scan: Object Lock is set where it is created", "path": "object_lock.enabled"} if {
	applies
	outside
}
