//! Measuring detection quality the way the PAN text-alignment tasks do.
//!
//! [`plagdet`] implements the measures of Potthast, Stein, Barrón-Cedeño and Rosso (COLING
//! 2010) from their definition, with the conventions of the PAN 2013 evaluator; [`pan`] reads
//! and writes corpora in the PAN 2013 layout and runs Adal's alignment over every pair.
//!
//! `plagdet` is pure; `pan` reads and writes files and is used by the `adal eval pan` command.

pub mod pan;
pub mod plagdet;
