//! Why a file was refused, as a typed error with a message a student understands in Kazakh,
//! Russian and English.
//!
//! The server maps these to HTTP in one place (`server::error`); the CLI prints
//! [`ExtractError::message`] in the chosen language.

use crate::model::{Translated, UiLang};

/// A refusal: the file cannot be checked, and the student is told why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is password-protected or encrypted")]
    Encrypted,
    #[error("the file has no text layer (scanned pages?)")]
    NoTextLayer,
    #[error("the text layer decodes to garbage ({share_per_mille}‰ unexpected characters)")]
    GarbledTextLayer { share_per_mille: u32 },
    #[error("the file is damaged or truncated: {reason}")]
    Corrupt { reason: String },
    #[error("unsupported format: {detected}")]
    Unsupported { detected: String },
    #[error("the file unpacks to more than {limit} bytes")]
    DecompressionBomb { limit: u64 },
    #[error("the file is too complex to read within the limits: {reason}")]
    TooComplex { reason: String },
}

/// A stable machine-readable code for each refusal (used by the API and in tests).
impl ExtractError {
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::Empty => "empty_file",
            ExtractError::TooLarge { .. } => "file_too_large",
            ExtractError::Encrypted => "encrypted",
            ExtractError::NoTextLayer => "no_text_layer",
            ExtractError::GarbledTextLayer { .. } => "garbled_text_layer",
            ExtractError::Corrupt { .. } => "corrupt_file",
            ExtractError::Unsupported { .. } => "unsupported_format",
            ExtractError::DecompressionBomb { .. } => "decompression_bomb",
            ExtractError::TooComplex { .. } => "too_complex",
        }
    }

    /// The message shown to the student, translated by hand.
    pub fn message(&self, lang: UiLang) -> String {
        let text = match self {
            ExtractError::Empty => Translated {
                kk: "Файл бос. Жұмыстың мәтіні бар файлды жүктеңіз.",
                ru: "Файл пуст. Загрузите файл, в котором есть текст работы.",
                en: "The file is empty. Please upload a file that contains the text of your work.",
            },
            ExtractError::TooLarge { .. } => Translated {
                kk: "Файл тым үлкен. Ең үлкен рұқсат етілген көлем — {limit}.",
                ru: "Файл слишком большой. Максимально допустимый размер — {limit}.",
                en: "The file is too large. The largest size accepted is {limit}.",
            },
            ExtractError::Encrypted => Translated {
                kk: "Файл құпиясөзбен қорғалған немесе шифрланған. Қорғауды алып тастап, қайта жүктеңіз.",
                ru: "Файл защищён паролем или зашифрован. Снимите защиту и загрузите файл снова.",
                en: "The file is password-protected or encrypted. Remove the protection and upload it again.",
            },
            ExtractError::NoTextLayer => Translated {
                kk: "Файлда мәтін қабаты жоқ: бұл сканерленген бет сияқты. Мәтінді тану (OCR) қолдау көрсетілмейді — жұмысты Word немесе мәтіндік редакторда сақталған PDF немесе DOCX түрінде жүктеңіз.",
                ru: "В файле нет текстового слоя: похоже, это отсканированные страницы. Распознавание текста (OCR) не поддерживается — загрузите работу в виде PDF или DOCX, сохранённого из Word или текстового редактора.",
                en: "The file has no text layer: it looks like scanned pages. Text recognition (OCR) is not supported — please upload the work as a PDF or DOCX saved from Word or another text editor.",
            },
            ExtractError::GarbledTextLayer { .. } => Translated {
                kk: "Файлдың мәтін қабаты бұзылған: одан оқылатын мәтін емес, мағынасыз таңбалар шығады (көбінесе «PDF-ке басып шығару» кезінде болады). Файлды Word-тан «PDF ретінде сақтау» арқылы қайта жасаңыз немесе DOCX жүктеңіз.",
                ru: "Текстовый слой файла повреждён: вместо текста из него извлекаются бессмысленные символы (так бывает при «печати в PDF»). Сохраните файл заново через «Сохранить как PDF» в Word или загрузите DOCX.",
                en: "The file's text layer is broken: it decodes to meaningless characters instead of text (this happens with \"print to PDF\"). Save the file again with \"Save as PDF\" in Word, or upload the DOCX.",
            },
            ExtractError::Corrupt { .. } => Translated {
                kk: "Файл бүлінген немесе толық жүктелмеген, оны оқу мүмкін емес. Файлды бастапқы бағдарламада ашып, қайта сақтап, жүктеңіз.",
                ru: "Файл повреждён или загружен не полностью, прочитать его нельзя. Откройте файл в исходной программе, сохраните заново и загрузите.",
                en: "The file is damaged or incomplete and cannot be read. Open it in the program that made it, save it again and upload it.",
            },
            ExtractError::Unsupported { .. } => Translated {
                kk: "Бұл файл пішіміне қолдау көрсетілмейді ({detected}). Қабылданатын пішімдер: PDF, DOCX және мәтіндік файл (TXT).",
                ru: "Этот формат файла не поддерживается ({detected}). Принимаются форматы: PDF, DOCX и текстовый файл (TXT).",
                en: "This file format is not supported ({detected}). Accepted formats: PDF, DOCX and plain text (TXT).",
            },
            ExtractError::DecompressionBomb { .. } => Translated {
                kk: "Файл ашылғанда тым үлкен көлемге жайылады, сондықтан қабылданбайды. Жұмысты қалыпты DOCX немесе PDF түрінде сақтаңыз.",
                ru: "При распаковке файл становится слишком большим, поэтому он не принят. Сохраните работу как обычный DOCX или PDF.",
                en: "The file unpacks to far too much data, so it was not accepted. Please save the work as an ordinary DOCX or PDF.",
            },
            ExtractError::TooComplex { .. } => Translated {
                kk: "Файлдың құрылымы тым күрделі, оны белгіленген уақыт пен жад шегінде оқу мүмкін болмады. Файлды қайта сақтап көріңіз немесе DOCX жүктеңіз.",
                ru: "Структура файла слишком сложна: его не удалось прочитать в пределах отведённого времени и памяти. Попробуйте сохранить файл заново или загрузите DOCX.",
                en: "The file's structure is too complex to read within the time and memory limits. Try saving it again, or upload the DOCX.",
            },
        };
        let mut message = text.get(lang).to_string();
        if let ExtractError::TooLarge { limit, .. } = self {
            message = message.replace("{limit}", &format_megabytes(*limit, lang));
        }
        if let ExtractError::Unsupported { detected } = self {
            message = message.replace("{detected}", detected);
        }
        message
    }
}

fn format_megabytes(bytes: u64, lang: UiLang) -> String {
    let megabytes = bytes as f64 / 1_000_000.0;
    let unit = match lang {
        UiLang::Kk => "МБ",
        UiLang::Ru => "МБ",
        UiLang::En => "MB",
    };
    if megabytes.fract() == 0.0 {
        format!("{megabytes:.0} {unit}")
    } else {
        format!("{megabytes:.1} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_three_distinct_messages() {
        let errors = [
            ExtractError::Empty,
            ExtractError::TooLarge { size: 60_000_000, limit: 50_000_000 },
            ExtractError::Encrypted,
            ExtractError::NoTextLayer,
            ExtractError::GarbledTextLayer { share_per_mille: 300 },
            ExtractError::Corrupt { reason: "x".into() },
            ExtractError::Unsupported { detected: "DOC".into() },
            ExtractError::DecompressionBomb { limit: 1 },
            ExtractError::TooComplex { reason: "x".into() },
        ];
        for error in errors {
            let kk = error.message(UiLang::Kk);
            let ru = error.message(UiLang::Ru);
            let en = error.message(UiLang::En);
            assert!(kk != ru && ru != en && kk != en, "{error:?}");
            assert!(!kk.contains('{') && !ru.contains('{') && !en.contains('{'), "{error:?}");
        }
        let too_large = ExtractError::TooLarge { size: 60_000_000, limit: 50_000_000 };
        assert!(too_large.message(UiLang::En).contains("50 MB"));
    }
}
