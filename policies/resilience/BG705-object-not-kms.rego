# METADATA
# title: Object is not encrypted with a KMS key of your own
# description: >-
#   An `aws_s3_object` or `aws_s3_object_copy` names no `kms_key_id`: the object is encrypted
#   with the bucket's default (SSE-S3, or the AWS managed key), whose use you cannot restrict
#   or audit per key. A customer managed KMS key lets a key policy decide who can decrypt it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#     description: Using server-side encryption with AWS KMS keys (SSE-KMS)
# custom:
#   id: BG705
#   slug: object-not-kms
#   severity: low
#   group: resilience
#   opt_in: true
#   remediation: >-
#     Set `kms_key_id` on the object to the ARN of a customer managed KMS key (and
#     `server_side_encryption = "aws:kms"`).
package bucketguard.resilience.object_kms

# A `kms_key_id` whose value is not known (an `aws_kms_key` created with it) still names a key
# of your own: only an absent one is a finding.

import data.bucketguard.lib

deny contains {"msg": sprintf("%s is not encrypted with a KMS key of your own (no kms_key_id)", [object.address]), "path": sprintf("objects.%d.kms_key", [i])} if {
	some i, object in input.settings.objects
	lib.unset(object.kms_key)
}
