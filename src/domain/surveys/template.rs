//! The default pre-workshop survey: expectations, worries, current meeting habits, prior OKR
//! experience and needs, in English and Norwegian.

use super::{QuestionInput, QuestionKind};
use crate::domain::Locale;

/// (kind, required, English prompt and options, Norwegian prompt and options)
type Seed = (
    QuestionKind,
    bool,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const QUESTIONS: [Seed; 8] = [
    (
        QuestionKind::Scale,
        true,
        "How well do you know OKRs today? (1 = not at all, 5 = very well)",
        "",
        "Hvor godt kjenner du OKR i dag? (1 = ikke i det hele tatt, 5 = svært godt)",
        "",
    ),
    (
        QuestionKind::Single,
        true,
        "Have you worked with OKRs before?",
        "No, never\nA little, in another job or team\nYes, for a year or more",
        "Har du jobbet med OKR før?",
        "Nei, aldri\nLitt, i en annen jobb eller et annet team\nJa, i et år eller mer",
    ),
    (
        QuestionKind::Text,
        false,
        "What do you expect OKRs to change in your work?",
        "",
        "Hva forventer du at OKR vil endre i arbeidet ditt?",
        "",
    ),
    (
        QuestionKind::Text,
        false,
        "What worries you about introducing OKRs?",
        "",
        "Hva bekymrer deg ved å innføre OKR?",
        "",
    ),
    (
        QuestionKind::Multiple,
        true,
        "Which meetings does your team hold today?",
        "A short daily meeting\nA weekly team meeting\nA monthly meeting\nQuarterly planning\nNone of these",
        "Hvilke møter har teamet ditt i dag?",
        "Et kort daglig møte\nEt ukentlig teammøte\nEt månedlig møte\nKvartalsvis planlegging\nIngen av disse",
    ),
    (
        QuestionKind::Scale,
        true,
        "How well do your current meetings help you prioritise? (1 = not at all, 5 = very well)",
        "",
        "Hvor godt hjelper dagens møter deg å prioritere? (1 = ikke i det hele tatt, 5 = svært godt)",
        "",
    ),
    (
        QuestionKind::Scale,
        true,
        "How clear is it to you how your work contributes to the organisation's goals? (1 = not at all, 5 = very clear)",
        "",
        "Hvor tydelig er det for deg hvordan arbeidet ditt bidrar til organisasjonens mål? (1 = ikke i det hele tatt, 5 = svært tydelig)",
        "",
    ),
    (
        QuestionKind::Text,
        false,
        "What do you need to succeed with OKRs?",
        "",
        "Hva trenger du for å lykkes med OKR?",
        "",
    ),
];

/// The questions of the default pre-workshop survey, in `locale`.
pub fn pre_workshop_template(locale: Locale) -> Vec<QuestionInput> {
    QUESTIONS
        .iter()
        .map(|(kind, required, en, en_options, nb, nb_options)| {
            let (prompt, options) = match locale {
                Locale::En => (en, en_options),
                Locale::Nb => (nb, nb_options),
            };
            QuestionInput {
                kind: *kind,
                prompt: (*prompt).to_owned(),
                options: (*options).to_owned(),
                required: *required,
            }
        })
        .collect()
}
