//! Small operations on JSON values shared by the front ends and the policy reader.

use serde_json::Value;

/// `value` appended to what `slot` holds, as one array: a value that is not an array counts as a
/// list of itself (repeated `.tf.json` blocks; principal values of one type).
pub fn append(slot: &mut Value, value: Value) {
    let mut items = match slot.take() {
        Value::Array(a) => a,
        one => vec![one],
    };
    match value {
        Value::Array(more) => items.extend(more),
        one => items.push(one),
    }
    *slot = Value::Array(items);
}
