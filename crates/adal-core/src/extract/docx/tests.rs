//! One rule per test, on DOCX packages built in memory: each case is a few lines of
//! WordprocessingML and the text (and regions) it must give.

use super::extract_docx;
use crate::extract::{ExtractError, ExtractLimits};
use crate::model::{ExtractWarning, ExtractedDocument, HiddenKind, RegionKind};
use std::io::Write;

const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

const STYLES: &str = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="Заголовок 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Тарау"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Secret"><w:basedOn w:val="a"/><w:rPr><w:vanish/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Ghost"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>"#;

/// A DOCX with the given body, footnotes and endnotes (inner XML) and the styles above.
fn package(body: &str, footnotes: &str, endnotes: &str) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, content: String| {
        writer.start_file(name, options).expect("start part");
        writer.write_all(content.as_bytes()).expect("write part");
    };
    part("word/document.xml", format!("<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"));
    part("word/styles.xml", format!("<w:styles {NAMESPACES}>{STYLES}</w:styles>"));
    if !footnotes.is_empty() {
        part("word/footnotes.xml", format!("<w:footnotes {NAMESPACES}>{footnotes}</w:footnotes>"));
    }
    if !endnotes.is_empty() {
        part("word/endnotes.xml", format!("<w:endnotes {NAMESPACES}>{endnotes}</w:endnotes>"));
    }
    writer.finish().expect("finish").into_inner()
}

fn extract_body(body: &str) -> ExtractedDocument {
    extract_docx(&package(body, "", ""), &ExtractLimits::DEFAULT).expect("extracts")
}

fn check(body: &str, expected_text: &str) {
    assert_eq!(extract_body(body).text, expected_text, "{body}");
}

/// The text of every region of this kind.
fn regions_of(document: &ExtractedDocument, kind: RegionKind) -> Vec<&str> {
    let texts = document.regions.iter().filter(|region| region.kind == kind);
    texts.map(|region| &document.text[region.span.start..region.span.end]).collect()
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn paragraphs_join_with_a_blank_line_and_keep_their_spaces() {
    check(&[p(&r("Бірінші ")), p(&(r("екі") + &r("  бөлік"))), p("")].concat(), "Бірінші \n\nекі  бөлік\n");
    check(&p(&r("a &amp; b &#x4D9;")), "a & b ә\n");
    check(
        &p(r#"<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t></w:r>"#),
        "a\tb\nc-d\n",
    );
    check(&[p(&r("x")), p(&r("   ")), p("<w:r><w:br/></w:r>"), p(&r("y"))].concat(), "x\n\ny\n");
}

#[test]
fn tracked_changes_keep_insertions_and_drop_deletions() {
    let body = p(&[
        r("Бұл "),
        format!("<w:ins>{}</w:ins>", r("қосылған ")),
        "<w:del><w:r><w:delText>өшірілген </w:delText></w:r></w:del>".to_string(),
        format!("<w:moveFrom>{}</w:moveFrom>", r("көшкен ")),
        format!("<w:moveTo>{}</w:moveTo>", r("жаңа орын")),
    ]
    .concat());
    check(&body, "Бұл қосылған жаңа орын\n");
}

#[test]
fn fields_show_their_result_not_their_instruction() {
    let field = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://x" </w:instrText></w:r><w:r><w:t>hidden code</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>сілтеме</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#;
    check(&p(&(r("Мына ") + field)), "Мына сілтеме\n");
    let broken = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>lost</w:t></w:r>"#;
    check(&[p(broken), p(&r("келесі абзац"))].concat(), "келесі абзац\n");
    check(&p(r#"<w:hyperlink w:history="1"><w:r><w:t>link text</w:t></w:r></w:hyperlink>"#), "link text\n");
}

#[test]
fn text_boxes_follow_their_paragraph_once() {
    let text_box = format!(
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
        p(&r("қорапта")),
        p(&r("қорапта"))
    );
    check(
        &[p(&(r("алдында ") + &text_box + &r("кейін"))), p(&r("соңы"))].concat(),
        "алдында кейін\n\nқорапта\n\nсоңы\n",
    );
}

#[test]
fn headings_come_from_style_ids_and_outline_levels_not_names() {
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr>"#.to_string() + &r("КІРІСПЕ") + "</w:p>",
        r#"<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr>"#.to_string() + &r("Бөлім") + "</w:p>",
        r#"<w:p><w:pPr><w:pStyle w:val="Chapter"/></w:pPr>"#.to_string() + &r("Тарау") + "</w:p>",
        r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>"#.to_string() + &r("Тікелей") + "</w:p>",
        p(&r("Мәтін")),
    ]
    .concat();
    let document = extract_body(&body);
    assert_eq!(regions_of(&document, RegionKind::Heading(1)), ["КІРІСПЕ"]);
    assert_eq!(regions_of(&document, RegionKind::Heading(2)), ["Бөлім", "Тікелей"]);
    assert_eq!(regions_of(&document, RegionKind::Heading(3)), ["Тарау"]);
}

#[test]
fn hidden_text_is_resolved_through_styles_and_backgrounds() {
    let run = |props: &str, text: &str| {
        format!(r#"<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    };
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="Secret"/></w:pPr>"#.to_string() + &r("style-vanish") + "</w:p>",
        r#"<w:p><w:pPr><w:pStyle w:val="Secret"/></w:pPr>"#.to_string()
            + &run(r#"<w:vanish w:val="0"/>"#, "unhidden")
            + "</w:p>",
        p(&run(r#"<w:rStyle w:val="Ghost"/>"#, "char-style-white")),
        p(&run(r#"<w:color w:val="FAFAFA"/>"#, "near-white")),
        p(&run(r#"<w:color w:val="auto"/>"#, "auto-colour")),
        p(&run(r#"<w:sz w:val="3"/>"#, "tiny")),
        p(&(run(r#"<w:specVanish/>"#, "spec ") + &r(" ") + &run("<w:vanish/>", "merged"))),
        r#"<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>"#
            .to_string()
            + &p(&run(r#"<w:color w:val="FFFFFF"/>"#, "white-on-navy"))
            + "</w:tc></w:tr></w:tbl>",
        p(&run(r#"<w:color w:val="FFFFFF"/><w:highlight w:val="black"/>"#, "white-on-black")),
    ]
    .concat();
    let document = extract_body(&body);
    assert_eq!(
        regions_of(&document, RegionKind::Hidden(HiddenKind::Vanished)),
        ["style-vanish", "spec  merged"]
    );
    assert_eq!(
        regions_of(&document, RegionKind::Hidden(HiddenKind::WhiteText)),
        ["char-style-white", "near-white"]
    );
    assert_eq!(regions_of(&document, RegionKind::Hidden(HiddenKind::TinyText)), ["tiny"]);
    assert_eq!(regions_of(&document, RegionKind::Table), ["white-on-navy"]);
}

#[test]
fn notes_follow_the_body_in_reference_order_footnotes_before_endnotes() {
    let body = p(&[
        r("Мәтін"),
        r#"<w:r><w:endnoteReference w:id="1"/></w:r>"#.to_string(),
        r#"<w:r><w:footnoteReference w:id="3"/></w:r>"#.to_string(),
        r#"<w:r><w:footnoteReference w:id="2"/></w:r>"#.to_string(),
    ]
    .concat());
    let footnotes = format!(
        r#"<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2">{}</w:footnote><w:footnote w:id="3">{}{}</w:footnote>"#,
        p(&r("екінші сілтеме")),
        p(&r("бірінші сілтеме")),
        p(&r("жалғасы"))
    );
    let endnotes = format!(r#"<w:endnote w:id="1">{}</w:endnote>"#, p(&r("соңғы ескерту")));
    let document =
        extract_docx(&package(&body, &footnotes, &endnotes), &ExtractLimits::DEFAULT).expect("docx");
    assert_eq!(document.text, "Мәтін\n\nбірінші сілтеме\n\nжалғасы\n\nекінші сілтеме\n\nсоңғы ескерту\n");
    assert_eq!(
        regions_of(&document, RegionKind::Footnote),
        ["бірінші сілтеме\n\nжалғасы", "екінші сілтеме", "соңғы ескерту"]
    );
}

#[test]
fn damaged_parts_are_refused_or_skipped() {
    let unclosed = "<w:p><w:r><w:t>a</w:t></w:r></w:p></w:wrong>";
    let outcome = extract_docx(&package(unclosed, "", ""), &ExtractLimits::DEFAULT);
    assert!(matches!(outcome, Err(ExtractError::Corrupt { .. })), "{outcome:?}");
    let document = extract_docx(
        &package(&p(&r("body")), "<w:footnote w:id=\"1\"></w:wrong>", ""),
        &ExtractLimits::DEFAULT,
    )
    .expect("body survives a damaged footnotes part");
    assert_eq!(document.text, "body\n");
    assert!(
        matches!(document.warnings.as_slice(), [ExtractWarning::PartSkipped { .. }]),
        "{:?}",
        document.warnings
    );
    let deep = "<w:sdt>".repeat(5_000);
    let outcome = extract_docx(&package(&deep, "", ""), &ExtractLimits::DEFAULT);
    assert!(matches!(outcome, Err(ExtractError::Corrupt { .. })), "{outcome:?}");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.start_file("readme.txt", zip::write::SimpleFileOptions::default()).expect("start");
    let no_document = writer.finish().expect("finish").into_inner();
    let outcome = extract_docx(&no_document, &ExtractLimits::DEFAULT);
    assert!(matches!(outcome, Err(ExtractError::Corrupt { .. })), "{outcome:?}");
    assert!(extract_docx(b"PK\x03\x04", &ExtractLimits::DEFAULT).is_err());
}

/// Calls the reader without its `catch_unwind` guard, so a panic fails the test.
fn extract_unguarded(bytes: &[u8]) -> Result<ExtractedDocument, ExtractError> {
    super::extract_docx_unguarded(bytes, &ExtractLimits::DEFAULT)
}

#[test]
fn xml_cut_anywhere_never_panics() {
    let body = [
        p(&r("Қазақ &amp; тілі")),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
        p(r#"<w:r><w:rPr><w:color w:val="FFF"/><w:sz w:val="-3"/></w:rPr><w:t>odd values</w:t></w:r>"#),
    ]
    .concat();
    let document = format!("<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>");
    for (cut, _) in document.char_indices() {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("start");
        writer.write_all(&document.as_bytes()[..cut]).expect("write");
        let bytes = writer.finish().expect("finish").into_inner();
        let _ = extract_unguarded(&bytes);
    }
}

#[test]
fn damaged_zip_bytes_never_panic() {
    let original = package(&[p(&r("Бірінші абзац")), p(&r("Екінші абзац"))].concat(), "", "");
    let mut state: u32 = 0x9E37_79B9;
    for _ in 0..2_000 {
        let mut bytes = original.clone();
        for _ in 0..3 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let position = state as usize % bytes.len();
            bytes[position] = (state >> 8) as u8;
        }
        let _ = extract_unguarded(&bytes);
    }
}
