//! `adal corpus …` (stub until the corpus index lands).

use super::GlobalOptions;

#[derive(clap::Args, Debug)]
pub struct CorpusArgs {}

pub fn run(_args: CorpusArgs, _global: &GlobalOptions) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
