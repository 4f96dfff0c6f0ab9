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
        Command::Config(args) => {
            if !args.print {
                eprintln!("error: nothing to do (use `bucketguard config --print`)");
                return ExitCode::from(2);
            }
            match args.scan.resolve_with_provenance(false) {
                Ok((_, prov)) => {
                    print!("{}", bucketguard::cli::render_provenance(&prov));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Explain(args) => match bucketguard::cli::render_explain(&args) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Scan(args) => {
            let write_baseline = args.write_baseline.clone();
            let settings = match args.resolve(std::io::stdout().is_terminal()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let result = bucketguard::scan(&settings);
            if let Some(path) = write_baseline {
                let b = bucketguard::baseline::Baseline::of(&result.sources, &result.findings);
                if let Err(e) = std::fs::write(&path, b.to_json()) {
                    eprintln!("error: cannot write the baseline {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
            for (format, destination) in settings.destinations() {
                let report = bucketguard::report::render_as(&result, &settings, format);
                let written = match &destination {
                    Some(path) => {
                        std::fs::write(path, report).map_err(|e| format!("{}: {e}", path.display()))
                    }
                    None => std::io::stdout()
                        .write_all(report.as_bytes())
                        .map_err(|e| e.to_string()),
                };
                if let Err(e) = written {
                    eprintln!("error: cannot write the report: {e}");
                    return ExitCode::from(2);
                }
            }
            ExitCode::from(bucketguard::exit_code(&result, &settings) as u8)
        }
    }
}
