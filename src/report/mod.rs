//! Reports: text (miette), JSON and SARIF.

pub mod json;
pub mod sarif;
pub mod text;

use crate::scan::ScanResult;
use crate::settings::{Format, Settings};

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    match settings.format {
        Format::Text => text::render(result, settings),
        Format::Json => json::render(result, settings),
        Format::Sarif => sarif::render(result, settings),
    }
}
