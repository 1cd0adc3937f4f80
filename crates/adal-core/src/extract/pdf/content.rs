//! The content-stream walker: interprets the text and graphics operators of one page (and the
//! form XObjects it draws) and emits every shown glyph with its position, size, text and
//! visibility.
//!
//! It tracks the graphics state (`cm`, `q`/`Q`, fill colour and colour space), the text state
//! (`Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tr`) and the text matrices (`BT`, `Td`, `TD`, `Tm`, `T*`),
//! and shows strings with `Tj`, `TJ`, `'` and `"`. Filled shapes and images are handed to
//! `visibility`, which decides whether each glyph is hidden. It knows nothing about lines,
//! columns or paragraphs (see `layout`), and charges every operation and decoded byte to the
//! shared [`Budget`].

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::{number, resolve, Font};
use super::geometry::{Matrix, Rect};
use super::page::{baseline_degrees, turn_back, turn_forward, Budget, PageContent, PageGlyph, WalkError};
use super::visibility::{hidden_kind, ColourSpace, DarkAreas, Fill, GlyphLook, MAX_AREAS};

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest `q` nesting kept (deeper saves are ignored, as viewers do).
const MAX_SAVED_STATES: usize = 1_000;

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    fill: Fill,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
}

impl GraphicsState {
    fn initial() -> GraphicsState {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            fill: Fill::BLACK,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

/// Walks pages of one document; fonts are cached across pages.
pub(crate) struct Walker<'doc> {
    document: &'doc Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
}

/// The state of one page walk.
struct PageWalk<'doc, 'budget> {
    document: &'doc Document,
    budget: &'budget mut Budget,
    state: GraphicsState,
    saved: Vec<GraphicsState>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    dark_areas: DarkAreas,
    forms_in_progress: Vec<ObjectId>,
    page: PageContent,
}

impl<'doc> Walker<'doc> {
    pub fn new(document: &'doc Document) -> Walker<'doc> {
        Walker { document, fonts: HashMap::new() }
    }

    /// Walks one page's content streams.
    pub fn walk_page(&mut self, page_id: ObjectId, budget: &mut Budget) -> Result<PageContent, WalkError> {
        let document = self.document;
        let remaining = usize::try_from(budget.decoded_bytes_left).unwrap_or(usize::MAX);
        let data = match document.get_page_content_with_limit(page_id, remaining) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(_)) => {
                return Err(WalkError::DecodedBytes { limit: budget.decoded_bytes_limit })
            }
            Err(_) => Vec::new(),
        };
        budget.charge_decoded(data.len())?;
        let mut resources: Vec<&'doc Dictionary> = Vec::new();
        if let Ok((direct, referenced)) = document.get_page_resources(page_id) {
            resources.extend(direct);
            resources.extend(referenced.iter().filter_map(|id| document.get_dictionary(*id).ok()));
        }
        let mut walk = PageWalk {
            document,
            budget,
            state: GraphicsState::initial(),
            saved: Vec::new(),
            text_matrix: Matrix::IDENTITY,
            line_matrix: Matrix::IDENTITY,
            dark_areas: DarkAreas::default(),
            forms_in_progress: Vec::new(),
            page: PageContent::default(),
        };
        walk.run(&data, &resources, &mut self.fonts)?;
        Ok(walk.page)
    }
}

impl<'doc> PageWalk<'doc, '_> {
    fn run(
        &mut self,
        data: &[u8],
        resources: &[&'doc Dictionary],
        fonts: &mut HashMap<ObjectId, Rc<Font>>,
    ) -> Result<(), WalkError> {
        // A content stream that stops parsing part-way keeps what came before the damage.
        for operation in Content::decode_iter(data).map_while(Result::ok) {
            if self.budget.operations_left == 0 {
                return Err(WalkError::Operations { limit: self.budget.operations_limit });
            }
            self.budget.operations_left -= 1;
            self.apply(&operation, resources, fonts)?;
        }
        Ok(())
    }

    fn apply(
        &mut self,
        operation: &Operation,
        resources: &[&'doc Dictionary],
        fonts: &mut HashMap<ObjectId, Rc<Font>>,
    ) -> Result<(), WalkError> {
        let operands = &operation.operands;
        let numbers: Vec<f64> = operands.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
        let number_at = |index: usize| numbers.get(index).copied().filter(|n| n.is_finite());
        match operation.operator.as_str() {
            "q" if self.saved.len() < MAX_SAVED_STATES => self.saved.push(self.state.clone()),
            "Q" => {
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            "cm" => {
                if let Some(matrix) = Matrix::from_numbers(&numbers) {
                    let ctm = matrix.then(&self.state.ctm);
                    if ctm.is_finite() {
                        self.state.ctm = ctm;
                    }
                }
            }
            "BT" => {
                self.text_matrix = Matrix::IDENTITY;
                self.line_matrix = Matrix::IDENTITY;
            }
            "Tf" => {
                let name = operands.first().and_then(|o| o.as_name().ok());
                self.state.font = name.and_then(|name| self.font(name, resources, fonts));
                if let Some(size) = number_at(numbers.len().saturating_sub(1)) {
                    self.state.font_size = size;
                }
            }
            "Td" => self.move_line(number_at(0).unwrap_or(0.0), number_at(1).unwrap_or(0.0)),
            "TD" => {
                let ty = number_at(1).unwrap_or(0.0);
                self.state.leading = -ty;
                self.move_line(number_at(0).unwrap_or(0.0), ty);
            }
            "Tm" => {
                if let Some(matrix) = Matrix::from_numbers(&numbers) {
                    self.text_matrix = matrix;
                    self.line_matrix = matrix;
                }
            }
            "T*" => self.move_line(0.0, -self.state.leading),
            "Tc" => self.state.char_spacing = number_at(0).unwrap_or(0.0),
            "Tw" => self.state.word_spacing = number_at(0).unwrap_or(0.0),
            "Tz" => self.state.horizontal_scale = number_at(0).unwrap_or(100.0) / 100.0,
            "TL" => self.state.leading = number_at(0).unwrap_or(0.0),
            "Ts" => self.state.rise = number_at(0).unwrap_or(0.0),
            "Tr" => self.state.render_mode = operands.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
            "Tj" => self.show_operand(operands.first())?,
            "'" => {
                self.move_line(0.0, -self.state.leading);
                self.show_operand(operands.first())?;
            }
            "\"" => {
                self.state.word_spacing = number_at(0).unwrap_or(self.state.word_spacing);
                self.state.char_spacing = number_at(1).unwrap_or(self.state.char_spacing);
                self.move_line(0.0, -self.state.leading);
                self.show_operand(operands.get(2))?;
            }
            "TJ" => {
                let items =
                    operands.first().and_then(|o| o.as_array().ok()).map_or(&[][..], |a| a.as_slice());
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.show(bytes)?,
                        other => {
                            if let Ok(adjustment) = other.as_float() {
                                let shift = -f64::from(adjustment) / 1000.0
                                    * self.state.font_size
                                    * self.state.horizontal_scale;
                                self.advance_text(shift);
                            }
                        }
                    }
                }
            }
            "g" => self.state.fill.set(ColourSpace::Gray, &numbers),
            "rg" => self.state.fill.set(ColourSpace::Rgb, &numbers),
            "k" => self.state.fill.set(ColourSpace::Cmyk, &numbers),
            "cs" => {
                let space = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map_or(ColourSpace::Other, |name| self.colour_space(name, resources));
                self.state.fill = Fill { space, is_white: false };
            }
            "sc" | "scn" => {
                if numbers.len() == operands.len() {
                    self.state.fill.set(self.state.fill.space, &numbers);
                } else {
                    self.state.fill.is_white = false;
                }
            }
            "re" => {
                if let [x, y, width, height] = numbers[..] {
                    self.dark_areas.extend_path(Rect::transformed(x, y, width, height, &self.state.ctm));
                }
            }
            "m" | "l" | "c" | "v" | "y" => {
                for pair in numbers.chunks_exact(2) {
                    let (x, y) = self.state.ctm.apply(pair[0], pair[1]);
                    self.dark_areas.extend_path(Rect { x0: x, y0: y, x1: x, y1: y });
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                self.dark_areas.fill_path(self.state.fill);
            }
            "n" | "S" | "s" => self.dark_areas.discard_path(),
            "BI" => {
                let image = Rect::transformed(0.0, 0.0, 1.0, 1.0, &self.state.ctm);
                self.add_image(image);
            }
            "Do" => {
                if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                    self.draw_xobject(name, resources, fonts)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        let moved = Matrix::translation(tx, ty).then(&self.line_matrix);
        if moved.is_finite() {
            self.line_matrix = moved;
            self.text_matrix = moved;
        }
    }

    fn advance_text(&mut self, tx: f64) {
        let moved = Matrix::translation(tx, 0.0).then(&self.text_matrix);
        if moved.is_finite() {
            self.text_matrix = moved;
        }
    }

    fn colour_space(&self, name: &[u8], resources: &[&'doc Dictionary]) -> ColourSpace {
        match name {
            b"DeviceGray" | b"CalGray" | b"G" => return ColourSpace::Gray,
            b"DeviceRGB" | b"CalRGB" | b"RGB" => return ColourSpace::Rgb,
            b"DeviceCMYK" | b"CMYK" => return ColourSpace::Cmyk,
            _ => {}
        }
        let Some(definition) = self.resource(b"ColorSpace", name, resources) else {
            return ColourSpace::Other;
        };
        let Ok(array) = definition.as_array() else { return ColourSpace::Other };
        let family = array.first().and_then(|o| resolve(self.document, o).as_name().ok());
        match family {
            Some(b"ICCBased") => {
                let components = array
                    .get(1)
                    .and_then(|o| resolve(self.document, o).as_stream().ok())
                    .and_then(|stream| stream.dict.get(b"N").ok())
                    .and_then(|n| number(self.document, n));
                match components {
                    Some(1.0) => ColourSpace::Gray,
                    Some(3.0) => ColourSpace::Rgb,
                    Some(4.0) => ColourSpace::Cmyk,
                    _ => ColourSpace::Other,
                }
            }
            Some(b"CalRGB") => ColourSpace::Rgb,
            Some(b"CalGray") => ColourSpace::Gray,
            _ => ColourSpace::Other,
        }
    }

    fn add_image(&mut self, rect: Rect) {
        self.dark_areas.add(rect);
        if self.page.images.len() < MAX_AREAS {
            self.page.images.push(rect);
        }
    }

    /// Finds `name` in a resource category (`Font`, `XObject`, `ColorSpace`), nearest first.
    fn resource(&self, category: &[u8], name: &[u8], resources: &[&'doc Dictionary]) -> Option<&'doc Object> {
        resources.iter().find_map(|dictionary| {
            let entries = resolve(self.document, dictionary.get(category).ok()?).as_dict().ok()?;
            entries.get(name).ok()
        })
    }

    fn font(
        &self,
        name: &[u8],
        resources: &[&'doc Dictionary],
        fonts: &mut HashMap<ObjectId, Rc<Font>>,
    ) -> Option<Rc<Font>> {
        let object = self.resource(b"Font", name, resources)?;
        let (id, target) = self.document.dereference(object).ok()?;
        let dictionary = target.as_dict().ok()?;
        match id {
            Some(id) => Some(
                fonts.entry(id).or_insert_with(|| Rc::new(Font::load(self.document, dictionary))).clone(),
            ),
            None => Some(Rc::new(Font::load(self.document, dictionary))),
        }
    }

    fn draw_xobject(
        &mut self,
        name: &[u8],
        resources: &[&'doc Dictionary],
        fonts: &mut HashMap<ObjectId, Rc<Font>>,
    ) -> Result<(), WalkError> {
        let Some(object) = self.resource(b"XObject", name, resources) else { return Ok(()) };
        let Ok((id, target)) = self.document.dereference(object) else { return Ok(()) };
        let Ok(stream) = target.as_stream() else { return Ok(()) };
        let subtype = stream.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok());
        if subtype == Some(b"Image") {
            self.add_image(Rect::transformed(0.0, 0.0, 1.0, 1.0, &self.state.ctm));
            return Ok(());
        }
        if subtype != Some(b"Form") || self.forms_in_progress.len() >= MAX_FORM_DEPTH {
            return Ok(());
        }
        if let Some(id) = id {
            if self.forms_in_progress.contains(&id) {
                return Ok(());
            }
            self.forms_in_progress.push(id);
        }
        let remaining = usize::try_from(self.budget.decoded_bytes_left).unwrap_or(usize::MAX);
        let data = match stream.get_plain_content_with_limit(remaining) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(_)) => {
                return Err(WalkError::DecodedBytes { limit: self.budget.decoded_bytes_limit })
            }
            Err(_) => Vec::new(),
        };
        self.budget.charge_decoded(data.len())?;
        let form_matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| resolve(self.document, o).as_array().ok())
            .map(|array| array.iter().filter_map(|n| number(self.document, n)).collect::<Vec<f64>>())
            .and_then(|numbers| Matrix::from_numbers(&numbers))
            .unwrap_or(Matrix::IDENTITY);
        let own_resources =
            stream.dict.get(b"Resources").ok().and_then(|o| resolve(self.document, o).as_dict().ok());
        let mut form_resources: Vec<&'doc Dictionary> = own_resources.into_iter().collect();
        form_resources.extend_from_slice(resources);

        let saved_state = self.state.clone();
        let saved_depth = self.saved.len();
        let (saved_text, saved_line) = (self.text_matrix, self.line_matrix);
        self.state.ctm = form_matrix.then(&self.state.ctm);
        let result = self.run(&data, &form_resources, fonts);
        self.state = saved_state;
        self.saved.truncate(saved_depth);
        self.text_matrix = saved_text;
        self.line_matrix = saved_line;
        if id.is_some() {
            self.forms_in_progress.pop();
        }
        result
    }

    fn show_operand(&mut self, operand: Option<&Object>) -> Result<(), WalkError> {
        match operand {
            Some(Object::String(bytes, _)) => self.show(bytes),
            _ => Ok(()),
        }
    }

    /// Shows one string: emits a glyph per code and advances the text matrix.
    fn show(&mut self, bytes: &[u8]) -> Result<(), WalkError> {
        let Some(font) = self.state.font.clone() else { return Ok(()) };
        let state = &self.state;
        let scale = state.horizontal_scale;
        let size_matrix = Matrix::new(state.font_size * scale, 0.0, 0.0, state.font_size, 0.0, state.rise);
        let mut rest = bytes;
        while !rest.is_empty() {
            let code = font.next_code(rest);
            rest = &rest[code.length.clamp(1, rest.len())..];
            let advance = font.advance(code);
            let user_matrix = self.text_matrix.then(&self.state.ctm);
            let glyph_matrix = size_matrix.then(&user_matrix);
            let direction = baseline_degrees(&glyph_matrix);
            let (x0, y) = turn_back(glyph_matrix.apply(0.0, 0.0), direction);
            let (x1, _) = turn_back(glyph_matrix.apply(advance, 0.0), direction);
            let size = (self.state.font_size * user_matrix.vertical_scale()).abs();

            let text_start = self.page.text.len();
            let known = font.push_text(code, &mut self.page.text);
            let text = &self.page.text[text_start..];
            let is_space = known && !text.is_empty() && text.chars().all(|c| c.is_whitespace());
            if is_space {
                self.page.text.truncate(text_start);
            }
            if let Some(counts) = self.page.glyphs_by_font.get_mut(&font.name) {
                counts.count(known);
            } else if self.page.glyphs_by_font.len() < 1_000 {
                self.page.glyphs_by_font.entry(font.name.clone()).or_default().count(known);
            }
            if (known && (is_space || self.page.text.len() > text_start))
                && x0.is_finite()
                && x1.is_finite()
                && y.is_finite()
            {
                let centre = turn_forward(((x0 + x1) / 2.0, y + size * 0.3), direction);
                let look =
                    GlyphLook { render_mode: self.state.render_mode, fill: self.state.fill, size, centre };
                let hidden = hidden_kind(look, &self.dark_areas);
                self.page.glyphs.push(PageGlyph {
                    x0: x0.min(x1),
                    x1: x0.max(x1),
                    y,
                    size,
                    text_start,
                    text_end: self.page.text.len(),
                    is_space,
                    hidden,
                    direction,
                });
            }
            if self.page.text.len() as u64 > self.budget.text_bytes_limit {
                return Err(WalkError::TextBytes { limit: self.budget.text_bytes_limit });
            }
            let word_spacing = if font.is_word_space(code) { self.state.word_spacing } else { 0.0 };
            let tx = (advance * self.state.font_size + self.state.char_spacing + word_spacing) * scale;
            self.advance_text(tx);
        }
        Ok(())
    }
}
