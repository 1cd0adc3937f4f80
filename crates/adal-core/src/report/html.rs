//! The self-contained HTML report: no external assets, no scripts, print-ready.
//!
//! The page (`report_page.html`) wraps the report body of `report_body.html` — the one template
//! the web report page also renders — with a header and an inline stylesheet. The submission
//! text is shown with each passage highlighted in its source's colour and anchored (`#p-N`,
//! linking to the passage's entry `#pp-N`), next to the sources, the figures, every passage side
//! by side, the alerts (anchored `#a-N` in the text), the exclusions applied and the provenance.
//! The body's data is [`ReportBody`]; this module only renders it.

use super::body::ReportBody;
use super::Report;
use crate::messages;
use crate::model::UiLang;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};
use std::sync::OnceLock;

/// The report body's template, by the name both environments give it: the web pages register
/// it beside their own templates and import its macros.
pub const BODY_TEMPLATE: (&str, &str) = ("report_body.html", include_str!("report_body.html"));

/// The downloadable page around the body.
const PAGE_TEMPLATE: (&str, &str) = ("report_page.html", include_str!("report_page.html"));

/// A report template that failed to render (a bug: the templates read only typed data).
#[derive(Debug, thiserror::Error)]
#[error("the report template failed: {0}")]
pub struct RenderError(String);

const STYLE: &str = r#"
:root{--ink:#1b1b1b;--muted:#555;--line:#ccc;--accent:#0b5cad}
*{box-sizing:border-box}body{font:15px/1.5 "Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);margin:0;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem}header{background:#fff;border-bottom:1px solid var(--line)}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line)}
.meta,.muted,.source-meta,figcaption,.aligned-pairs caption,.aligned-pairs th{color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:.8rem 0}
.figure{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.figure-label{display:block}.figure-value{display:block;font-size:1.4rem;font-weight:700}.main-figure .figure-value{font-size:2rem;color:#a40000}
.bar{display:flex;height:12px;border-radius:6px;overflow:hidden;border:1px solid var(--line);margin:.3rem 0 1rem}
.bar span{display:block}.b-borrow{background:#e4572e}.b-self{background:#f3a712}.b-cite{background:#76b041}.b-orig{background:#e9ecef}
.sources{list-style:none;margin:0;padding:0;background:#fff;border:1px solid var(--line)}
.source{padding:.35rem .5rem;border-bottom:1px solid var(--line)}.source-body{display:grid;grid-template-columns:auto 1fr auto;gap:0 .45rem}
.source .swatch{grid-row:span 2;margin-top:.25rem}.source-title{font-weight:600}.source-meta{grid-column:2;font-size:.9em}.source-share{grid-row:1;grid-column:3;font-weight:700}
.source.off .source-title,.source.off .source-share{text-decoration:line-through;color:var(--muted)}
.swatch{display:inline-block;width:1em;height:1em;border:1px solid #888;vertical-align:middle;margin-right:.3em}
.count{font-weight:400;color:var(--muted)}.alert-group summary{font-weight:600}
.text{background:#fff;border:1px solid var(--line);padding:1rem 1.2rem;white-space:pre-wrap;font-family:"Times New Roman","Liberation Serif",serif;font-size:16px}
a.hl{color:inherit;text-decoration:none;border-radius:2px;border-bottom:2px solid rgba(0,0,0,.35)}a.hl.cit{background:none;border-bottom:2px dotted #51606f;font-style:italic}
a.hl.off{background:transparent;border-bottom:1px dashed #8894a3}.hl-num{font-size:.68rem;font-weight:700;border-radius:3px;padding:0 .2em;margin-right:.1em}
.alert-mark{text-decoration:underline wavy #c00;text-decoration-thickness:2px}
.src-0{background-color:#ffd8a8}.src-1{background-color:#b2f2bb}.src-2{background-color:#a5d8ff}.src-3{background-color:#fcc2d7}
.src-4{background-color:#ffec99}.src-5{background-color:#d0bfff}.src-6{background-color:#ffc9c9}.src-7{background-color:#96f2d7}
.src-8{background-color:#dee2e6}.src-9{background-color:#eebefa}.src-10{background-color:#c0eb75}.src-11{background-color:#99e9f2}
.passage{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.4rem .8rem}.passage summary{font-weight:600}
.passage.off>summary{text-decoration:line-through}.badge{background:#eef;border-radius:3px;padding:0 .35em;font-size:.85em}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;font-size:14px}.side-by-side figure{margin:0}
.side-by-side blockquote{margin:.3rem 0 0;padding:.5rem;border-left:4px solid #8894a3;white-space:pre-wrap}
.aligned-pairs{width:100%;border-collapse:collapse;margin-top:.5rem;font-size:14px}.aligned-pairs caption{text-align:left}
.aligned-pairs th,.aligned-pairs td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left;width:50%}
mark.shared{background:none;color:inherit;font-weight:700;text-decoration:underline}
a{color:var(--accent)}a:focus,a.hl:target{outline:3px solid #000}
@media print{body{background:#fff}header,main{max-width:none;padding:0}.text{border:none;padding:0}a{color:inherit;text-decoration:none}.no-print{display:none}
.passage,.figure,.source{break-inside:avoid}h2{break-after:avoid}.src-0,.src-1,.src-2,.src-3,.src-4,.src-5,.src-6,.src-7,.src-8,.src-9,.src-10,.src-11,.bar span{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut environment = Environment::new();
        // Printing a missing value is an error, so a missing message key cannot go unnoticed.
        environment.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        for (name, source) in [BODY_TEMPLATE, PAGE_TEMPLATE] {
            environment.add_template(name, source).expect("the report templates parse");
        }
        environment
    })
}

/// The message catalogue of a language, as the templates read it (`t.key`).
fn catalogue(lang: UiLang) -> std::collections::BTreeMap<&'static str, &'static str> {
    messages::table(lang).collect()
}

/// Renders the report as one self-contained HTML page in the given language.
pub fn render_html(report: &Report, lang: UiLang) -> Result<String, RenderError> {
    let submission = &report.submission;
    let context = minijinja::context! {
        t => Value::from(Serde(catalogue(lang))),
        style => STYLE,
        submission => minijinja::context! {
            title => &submission.title, words => submission.words, pages => submission.pages,
        },
        body => Value::from(Serde(ReportBody::new(report, lang))),
    };
    let template =
        environment().get_template(PAGE_TEMPLATE.0).map_err(|error| RenderError(format!("{error:#}")))?;
    template.render(context).map_err(|error| RenderError(format!("{error:#}")))
}
