//! `textlens` — the command-line face of the same core the page uses.
//!
//! `args` declares what the command line accepts (clap: help, `--version`, suggestions, usage
//! errors with status 2); `commands` runs each command on the core; `print` writes the tables
//! for people and the JSON/CSV for programs. `textlens help` lists the commands.

mod args;
mod commands;
mod print;

use clap::Parser;
use std::process::ExitCode;

/// A failure the CLI reports: a message (printed on stderr unless already printed) and an exit code.
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// Input the core or the file system refused: exit status 1.
    pub fn input(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: 1 }
    }

    /// A command line that parses but names something that is not there: exit status 2.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), code: 2 }
    }

    /// An input failure whose message was already printed (exit status 1).
    pub fn reported() -> Failure {
        Failure::input("")
    }
}

fn main() -> ExitCode {
    // Prints help or the version (status 0), or a usage error with a suggestion (status 2).
    let cli = args::Cli::parse();
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { message, code }) => {
            if !message.is_empty() {
                eprintln!("textlens: {}", textlens::native::for_output(&message, std::io::IsTerminal::is_terminal(&std::io::stderr())));
            }
            ExitCode::from(code)
        }
    }
}
