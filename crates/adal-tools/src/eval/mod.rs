//! Measuring detection quality the way the PAN text-alignment tasks do.
//!
//! [`plagdet`] implements the measures of Potthast, Stein, Barrón-Cedeño and Rosso (COLING
//! 2010) from their definition, with the conventions of the PAN 2013 evaluator; [`pan`] reads
//! and writes corpora in the PAN 2013 layout and runs Adal's alignment over every pair;
//! [`retrieval`] puts a corpus index in front of alignment, so that only the pairs a thesis
//! check would find are aligned.
//!
//! `plagdet` is pure; `pan` and `retrieval` read files and are used by `adal-tools eval pan`.

pub mod pan;
pub mod plagdet;
pub mod retrieval;
