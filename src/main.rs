use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match bucketguard::cli::run(bucketguard::cli::Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
