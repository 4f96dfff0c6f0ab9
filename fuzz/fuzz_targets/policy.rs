#![no_main]
// See fuzz/README.md; the harness is shared with tests/fuzz_smoke.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| bucketguard::fuzzing::policy(data));
