//! Code shared by the `classify`, `highlight` and `network` examples: reading documents from
//! files, directories, JSON Lines, CSV and standard input ([`input`]); analysing them in
//! parallel chunks while writing results in input order ([`pipeline`]); the JSON Lines, CSV and
//! text records ([`record`]); the HTML report ([`html`]); actor networks ([`network`]); and the
//! accuracy figures of `evaluate` ([`metrics`]).
//!
//! Each example includes this module with `mod common;`; not every example uses every part.

pub mod html;
pub mod input;
pub mod metrics;
pub mod network;
pub mod pipeline;
pub mod record;

use std::error::Error;
use std::io;
use std::process::ExitCode;

use scidip::{Analyzer, Lexicon};

/// Builds the analyzer from the shared options: the built-in lexicons (unless
/// `--no-builtin`) and every `--lexicon FILE`, in order.
///
/// # Errors
///
/// When a lexicon cannot be read or is invalid, or the analyzer cannot be built.
pub fn build_analyzer(args: &input::InputArgs) -> Result<Analyzer, Box<dyn Error>> {
    let mut builder = Analyzer::builder().builtin(!args.no_builtin);
    for path in &args.lexicons {
        // The error names the file, line and entry.
        builder = builder.lexicon(Lexicon::from_path(path)?);
    }
    Ok(builder.build()?)
}

/// Runs an example's `run` function: prints an error as `program: message` and exits with
/// status 1; a broken pipe (output piped into `head`) ends the run quietly.
pub fn main_with(program: &str, run: impl FnOnce() -> Result<(), Box<dyn Error>>) -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{program}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Sets the size of rayon's global thread pool when `--threads` is given.
///
/// # Errors
///
/// When the pool was already built.
pub fn set_threads(threads: Option<usize>) -> Result<(), Box<dyn Error>> {
    if let Some(n) = threads {
        if n == 0 {
            return Err("--threads must be at least 1".into());
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()?;
    }
    Ok(())
}
