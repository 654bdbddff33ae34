//! Navigation between the views: which view is shown, how another view sends the merchant to
//! the form, and the callbacks every view gets through context. Its own module, so that the
//! views and the shell that shows them both import it and not each other.

use filing_core::api::FilingRecord;
use filing_core::reason::Cause;
use filing_core::FilingInput;
use yew::Callback;

use crate::i18n::Text;

/// The three views of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    File,
    Status,
    Guide,
}

impl View {
    pub const ALL: [View; 3] = [View::File, View::Status, View::Guide];

    /// Stable name, used in URLs and element ids.
    pub fn name(self) -> &'static str {
        match self {
            View::File => "file",
            View::Status => "status",
            View::Guide => "guide",
        }
    }

    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    pub fn title(self) -> Text {
        match self {
            View::File => Text::NavFile,
            View::Status => Text::NavStatus,
            View::Guide => Text::NavGuide,
        }
    }
}

/// How the form should open when another view sends the merchant there.
#[derive(Debug, Clone, PartialEq)]
pub enum FilingStart {
    /// Fill these values into the empty fields of the draft (the serial always).
    Prefill(FilingInput),
    /// Correct this rejected filing and resubmit it.
    Correct(FilingRecord),
    /// Change this approved filing's placement (变更布放信息).
    Move(FilingRecord),
}

/// Switches the view; given to views through context.
#[derive(Clone, PartialEq)]
pub struct AppNav {
    pub go: Callback<View>,
    /// Opens the status view on one terminal (e.g. "see its status" after filing).
    pub status_of: Callback<String>,
    /// Opens the form prefilled, or correcting a rejected filing.
    pub file: Callback<FilingStart>,
    /// Opens the guide, at one cause when given.
    pub guide: Callback<Option<Cause>>,
}
