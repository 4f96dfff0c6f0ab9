//! The integration tests that judge security decisions, built as one test binary for mutation
//! testing only (`.cargo/mutants.toml`, `scripts/mutants.sh`): a mutant then costs one test crate
//! and one link instead of one per file, which halves its build. `test = false` in Cargo.toml keeps
//! `cargo test` from running these tests twice; each file is still its own target there.
// Each file declares `mod support;` as its own target needs: here they load it once each.
#![allow(clippy::duplicate_mod)]

#[path = "custom_examples.rs"]
mod custom_examples;
#[path = "custom_policies.rs"]
mod custom_policies;
#[path = "decisions.rs"]
mod decisions;
#[path = "decisions_exposure.rs"]
mod decisions_exposure;
#[path = "decisions_iam.rs"]
mod decisions_iam;
#[path = "decisions_link.rs"]
mod decisions_link;
#[path = "decisions_policy_document.rs"]
mod decisions_policy_document;
#[path = "decisions_rules.rs"]
mod decisions_rules;
#[path = "evaluation.rs"]
mod evaluation;
#[path = "exposure.rs"]
mod exposure;
#[path = "external.rs"]
mod external;
#[path = "finding_hygiene.rs"]
mod finding_hygiene;
#[path = "partial_knowledge.rs"]
mod partial_knowledge;
#[path = "plan_input.rs"]
mod plan_input;
#[path = "policy_examples.rs"]
mod policy_examples;
#[path = "reference_model.rs"]
mod reference_model;
#[path = "semantics.rs"]
mod semantics;
#[path = "survivors.rs"]
mod survivors;
