# METADATA
# title: Bucket sends no event notifications
# description: >-
#   Nothing is told when objects are created or deleted in the bucket: no SNS topic, SQS queue,
#   Lambda function or EventBridge receives its events. Notifications let a team react to
#   unexpected deletions and writes, and feed the processing that depends on them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
#     description: Amazon S3 Event Notifications
# custom:
#   id: BG704
#   slug: event-notifications-missing
#   severity: low
#   group: resilience
#   opt_in: true
#   remediation: >-
#     Add an `aws_s3_bucket_notification` for the bucket with a `topic`, `queue` or
#     `lambda_function` block, or `eventbridge = true`.
package bucketguard.resilience.event_notifications

import data.bucketguard.lib

notifications := input.settings.notifications

# Directory buckets do not send event notifications.
applies if not input.directory

notifies if {
	some n in notifications
	count(n.destinations) > 0
}

notifies if {
	some n in notifications
	lib.known(n.eventbridge)
	n.eventbridge.value == true
}

unknown_eventbridge contains n.eventbridge.reason if {
	some n in notifications
	lib.unknown(n.eventbridge)
}

deny contains {"msg": "no aws_s3_bucket_notification names this bucket", "path": "notifications"} if {
	applies
	count(notifications) == 0
	not input.external
}

deny contains {"msg": "the bucket's notification configuration sends its events nowhere", "path": "notifications.0"} if {
	applies
	count(notifications) > 0
	not notifies
	count(unknown_eventbridge) == 0
}

undecided contains {"msg": sprintf("whether events go to EventBridge is not known: %s", [concat("; ", unknown_eventbridge)]), "path": "notifications.0.eventbridge"} if {
	applies
	not notifies
	count(unknown_eventbridge) > 0
}

undecided contains "the bucket is defined outside the scan, and the scan does not configure its notifications" if {
	applies
	count(notifications) == 0
	input.external
}
