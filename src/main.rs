use clap::Parser;

fn main() -> std::process::ExitCode {
    hverdag::cli::main(hverdag::cli::Cli::parse())
}
