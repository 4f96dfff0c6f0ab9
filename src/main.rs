use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use bucketguard::cli::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules(args) => {
            if let Some(dir) = args.docs {
                let metas: Vec<_> = bucketguard::policy::all()
                    .iter()
                    .map(|p| p.meta.clone())
                    .collect();
                return match bucketguard::report::docs::write(&dir, &metas) {
                    Ok(written) => {
                        for path in written {
                            println!("{}", path.display());
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: cannot write the docs to {}: {e}", dir.display());
                        ExitCode::from(2)
                    }
                };
            }
            print!("{}", bucketguard::cli::render_rules(args.format));
            ExitCode::SUCCESS
        }
        Command::Scan(args) => {
            let settings = match args.resolve(std::io::stdout().is_terminal()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let result = bucketguard::scan(&settings);
            let mut timer = bucketguard::scan::Timings::from_env();
            let report = bucketguard::report::render(&result, &settings);
            let written = match &settings.output {
                Some(path) => std::fs::write(path, report).map_err(|e| format!("{}: {e}", path.display())),
                None => std::io::stdout()
                    .write_all(report.as_bytes())
                    .map_err(|e| e.to_string()),
            };
            timer.phase("render+write");
            if let Err(e) = written {
                eprintln!("error: cannot write the report: {e}");
                return ExitCode::from(2);
            }
            let code = bucketguard::exit_code(&result, &settings) as u8;
            // The process ends here: freeing the model and sources one node at a time is wasted work.
            std::mem::forget(result);
            ExitCode::from(code)
        }
    }
}
