//! Practice cases: neutral situations (a bakery, a cycling club, …) on which people practise
//! writing OKRs before their own workshop. The built-in cases live in [`BUILTIN`], in English
//! and Norwegian; an organisation's own cases are rows of `practice_cases`, written in one
//! language. A [`CaseRef`] (`builtin:bakery`, `custom:12`) names either kind.

use std::fmt;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DbConn, Error, FieldErrors, Locale, Result, now};
use crate::db::schema::practice_cases;

/// Longest title, in characters.
pub const TITLE_MAX: usize = 120;
/// Longest situation or model answer, in characters.
pub const TEXT_MAX: usize = 4000;

// ----- Built-in cases -------------------------------------------------------------------------

/// One language's text of a built-in case.
#[derive(Debug)]
pub struct BuiltinText {
    pub title: &'static str,
    pub situation: &'static str,
    /// The model answer: one objective …
    pub objective: &'static str,
    /// … two or three measurable key results …
    pub key_results: &'static [&'static str],
    /// … and why this is a good answer.
    pub explanation: &'static str,
}

/// A case that ships with Hverdag, in both languages.
#[derive(Debug)]
pub struct BuiltinCase {
    /// Stable key, used in URLs (`/cases/bakery`) and references (`builtin:bakery`).
    pub key: &'static str,
    pub en: BuiltinText,
    pub nb: BuiltinText,
}

impl BuiltinCase {
    pub fn text(&self, locale: Locale) -> &BuiltinText {
        match locale {
            Locale::En => &self.en,
            Locale::Nb => &self.nb,
        }
    }

    /// The case in `locale`.
    pub fn case(&'static self, locale: Locale) -> Case {
        let text = self.text(locale);
        let answer = ModelAnswer {
            objective: text.objective.to_owned(),
            key_results: text.key_results.iter().map(|kr| (*kr).to_owned()).collect(),
            explanation: text.explanation.to_owned(),
        };
        Case {
            case_ref: CaseRef::Builtin(self.key),
            kind: "builtin",
            key: Some(self.key),
            id: None,
            title: text.title.to_owned(),
            situation: text.situation.to_owned(),
            model_answer: answer.plain_text(locale),
            answer: Some(answer),
            locale,
            archived: false,
            created_at: None,
        }
    }
}

/// The built-in cases, in the order they are listed.
pub static BUILTIN: &[BuiltinCase] = &[
    BuiltinCase {
        key: "bakery",
        en: BuiltinText {
            title: "Solsiden Bakery",
            situation: "Solsiden Bakery is a family-run bakery with two shops and eleven employees. \
Weekday sales are steady, but last spring a supermarket with its own in-store bakery opened \
nearby, and Saturday sales have dropped by about 15 %.\n\n\
Every evening the bakery throws away roughly a fifth of what it baked that day. That hurts the \
margin, and the staff dislike the waste. Customers often praise the sourdough bread and the \
cinnamon buns, and many ask whether they can order ahead. The owners want the next quarter to \
count.",
            objective: "Make Solsiden the neighbourhood's first choice for fresh bread — without the waste",
            key_results: &[
                "Increase Saturday sales from NOK 38,000 to NOK 45,000 a week (average of the quarter's last four weeks)",
                "Reduce the share of baked goods thrown away from 20 % to 8 %",
                "Grow pre-orders from 0 to 150 a week",
            ],
            explanation: "The objective says where the bakery wants to go and why it matters, in \
words the staff can rally behind. Each key result is a number with a starting point and a \
target, so everyone can see in the weekly meeting whether they are on track. Notice what is not \
a key result: \"launch an order form\" is a task. The key result is that customers actually \
use it (150 pre-orders a week). Sales and waste pull in opposite directions, which stops the \
team from simply baking more.",
        },
        nb: BuiltinText {
            title: "Solsiden bakeri",
            situation: "Solsiden bakeri er et familiedrevet bakeri med to utsalg og elleve \
ansatte. Salget er stabilt på hverdager, men i fjor vår åpnet en dagligvarebutikk med eget \
bakeri like i nærheten, og lørdagssalget har falt med rundt 15 prosent.\n\n\
Hver kveld kaster bakeriet omtrent en femtedel av det som ble bakt samme dag. Det går ut over \
marginen, og de ansatte misliker sløsingen. Kundene roser ofte surdeigsbrødet og \
kanelsnurrene, og mange spør om de kan bestille på forhånd. Eierne vil at neste kvartal skal \
telle.",
            objective: "Gjør Solsiden til nabolagets førstevalg for ferskt brød – uten å kaste mat",
            key_results: &[
                "Øke lørdagssalget fra 38\u{a0}000 til 45\u{a0}000 kroner i uka (snitt for kvartalets fire siste uker)",
                "Redusere andelen bakst som kastes, fra 20 til 8 prosent",
                "Øke antall forhåndsbestillinger fra 0 til 150 i uka",
            ],
            explanation: "Målet sier hvor bakeriet vil, og hvorfor det betyr noe, med ord de \
ansatte kan samle seg om. Hvert nøkkelresultat er et tall med et utgangspunkt og et mål, slik at \
alle kan se på det ukentlige møtet om de er i rute. Legg merke til hva som ikke er et \
nøkkelresultat: «lansere et bestillingsskjema» er en oppgave. Nøkkelresultatet er at kundene \
faktisk bruker det (150 bestillinger i uka). Salg og svinn trekker i hver sin retning, og det \
hindrer teamet i bare å bake mer.",
        },
    },
    BuiltinCase {
        key: "cycling-club",
        en: BuiltinText {
            title: "Fjellsyklistene Cycling Club",
            situation: "Fjellsyklistene is a volunteer-run cycling club with 140 members. \
Membership has been flat for three years, and the members are getting older: only 12 are under \
25. The Tuesday evening rides draw 10–15 people, almost always the same ones. Of the newcomers \
who try a ride, about three in ten come back.\n\n\
The board spends most of its meetings on paperwork, and two of its five members have said they \
will step down at the next annual meeting. The club has a small budget, a lively Facebook group \
and good contacts with the local upper secondary school.",
            objective: "Make the club a place where new and younger riders want to stay",
            key_results: &[
                "Grow the number of members under 25 from 12 to 30",
                "Raise the share of first-time riders who come back for a second ride from 30 % to 60 %",
                "Go from 0 to 2 members who are ready to stand for the board at the annual meeting",
            ],
            explanation: "The objective names the real problem — the club is growing older and \
thinner — rather than a solution. \"Hold a recruitment evening at the school\" is an activity \
the club may choose in order to reach the key results, not a key result in itself. Measuring how \
many newcomers return tells the club whether people feel welcome, not just whether they turned \
up once. And for a volunteer club, three key results is plenty.",
        },
        nb: BuiltinText {
            title: "Sykkelklubben Fjellsyklistene",
            situation: "Fjellsyklistene er en frivillig drevet sykkelklubb med 140 medlemmer. \
Medlemstallet har stått stille i tre år, og medlemmene blir eldre: bare 12 er under 25 år. \
Tirsdagsturene samler 10–15 personer, nesten alltid de samme. Av nykommerne som prøver en tur, \
kommer omtrent tre av ti tilbake.\n\n\
Styret bruker det meste av møtene på papirarbeid, og to av de fem styremedlemmene har sagt at de \
går av på neste årsmøte. Klubben har et lite budsjett, en livlig Facebook-gruppe og god kontakt \
med den lokale videregående skolen.",
            objective: "Gjør klubben til et sted der nye og yngre syklister vil bli",
            key_results: &[
                "Øke antall medlemmer under 25 år fra 12 til 30",
                "Øke andelen førstegangssyklister som blir med på en tur til, fra 30 til 60 prosent",
                "Gå fra 0 til 2 medlemmer som er klare til å stille til styrevalg på årsmøtet",
            ],
            explanation: "Målet handler om det egentlige problemet – klubben blir eldre og \
mindre – og ikke om en løsning. «Holde et vervemøte på skolen» er en aktivitet klubben kan velge \
for å nå nøkkelresultatene, ikke et nøkkelresultat i seg selv. Ved å måle hvor mange nykommere \
som kommer tilbake, får klubben vite om folk føler seg velkomne, ikke bare om de dukket opp én \
gang. Og for en frivillig klubb er tre nøkkelresultater mer enn nok.",
        },
    },
    BuiltinCase {
        key: "library",
        en: BuiltinText {
            title: "Elvebyen Public Library",
            situation: "Elvebyen Public Library serves a town of 20,000 people. Visits fell \
sharply during the pandemic and have only partly recovered: 61,000 last year, against 85,000 \
before. E-book lending is growing, but many residents do not know the library offers e-books \
at all.\n\n\
The nine staff run popular story hours for toddlers, but few visitors are between 13 and 19: \
about 40 teenagers came to an evening event last quarter. The municipality is reviewing its \
budget, and the library wants to show that it matters to the town.",
            objective: "Bring the town back to its library",
            key_results: &[
                "Raise visits from 5,100 to 6,500 a month",
                "Grow the number of active e-book borrowers from 900 to 1,500",
                "Increase teenage attendance at evening events from 40 to 250 in the quarter",
            ],
            explanation: "The objective is short and inspiring; the key results make it \
concrete. They measure what the town's people do (visit, borrow, take part), not what the staff \
do (hold events, put up posters). A good check: if all three key results are reached, would \
anyone doubt that the objective was? Hardly. Notice also that the library could have chosen a \
completely different objective, for example about the budget review. OKRs are about choosing \
what matters most right now.",
        },
        nb: BuiltinText {
            title: "Elvebyen folkebibliotek",
            situation: "Elvebyen folkebibliotek betjener en by med 20\u{a0}000 innbyggere. \
Besøket falt kraftig under pandemien og har bare delvis tatt seg opp igjen: 61\u{a0}000 besøk i \
fjor, mot 85\u{a0}000 før. Utlånet av e-bøker vokser, men mange innbyggere vet ikke at \
biblioteket låner ut e-bøker i det hele tatt.\n\n\
De ni ansatte har populære eventyrstunder for småbarn, men få besøkende mellom 13 og 19 år: \
rundt 40 ungdommer kom på et kveldsarrangement forrige kvartal. Kommunen går gjennom \
budsjettet, og biblioteket vil vise at det betyr noe for byen.",
            objective: "Få byen tilbake til biblioteket",
            key_results: &[
                "Øke antall besøk fra 5\u{a0}100 til 6\u{a0}500 i måneden",
                "Øke antall aktive e-boklånere fra 900 til 1\u{a0}500",
                "Øke antall ungdommer på kveldsarrangementer fra 40 til 250 i kvartalet",
            ],
            explanation: "Målet er kort og inspirerende; nøkkelresultatene gjør det konkret. De \
måler hva innbyggerne gjør (kommer, låner, deltar), ikke hva de ansatte gjør (holder \
arrangementer, henger opp plakater). En god test: Hvis alle tre nøkkelresultatene nås, vil noen \
tvile på at målet er nådd? Neppe. Legg også merke til at biblioteket kunne valgt et helt annet \
mål, for eksempel om budsjettgjennomgangen. OKR handler om å velge det som er viktigst akkurat \
nå.",
        },
    },
    BuiltinCase {
        key: "web-shop",
        en: BuiltinText {
            title: "Tråd og Tone, a small web shop",
            situation: "Tråd og Tone is a web shop selling knitting yarn and patterns, run by \
three people. It gets about 2,500 orders a year. Many visitors put items in the basket but \
never buy: 74 % of baskets are abandoned.\n\n\
Customer service answers the same questions about shipping and returns by email again and \
again, which takes about ten hours a week. Reviews are good, but only 8 % of customers order \
again within three months.",
            objective: "Make shopping at Tråd og Tone easy and enjoyable — again and again",
            key_results: &[
                "Reduce abandoned baskets from 74 % to 60 %",
                "Cut the time spent on email about shipping and returns from 10 to 3 hours a week",
                "Raise the share of customers who order again within 90 days from 8 % to 12 %",
            ],
            explanation: "The objective is about the customer's experience, which ties the three \
numbers together. A common mistake would be a key result like \"Write a page of frequently \
asked questions\" — that is a task. The page may well be how the shop gets down to three hours \
a week, but if customers do not read it, the task is done and nothing has changed. Notice also \
the starting point in every key result: without it, nobody can tell whether 60 % is progress.",
        },
        nb: BuiltinText {
            title: "Tråd og Tone, en liten nettbutikk",
            situation: "Tråd og Tone er en nettbutikk som selger strikkegarn og oppskrifter, \
drevet av tre personer. Butikken får rundt 2\u{a0}500 bestillinger i året. Mange besøkende \
legger varer i handlekurven uten å kjøpe: 74 prosent av handlekurvene blir forlatt.\n\n\
Kundeservice svarer på de samme spørsmålene om frakt og retur på e-post, igjen og igjen, og det \
tar rundt ti timer i uka. Anmeldelsene er gode, men bare 8 prosent av kundene handler igjen \
innen tre måneder.",
            objective: "Gjør det enkelt og hyggelig å handle hos Tråd og Tone – gang på gang",
            key_results: &[
                "Redusere andelen forlatte handlekurver fra 74 til 60 prosent",
                "Kutte tiden brukt på e-post om frakt og retur fra 10 til 3 timer i uka",
                "Øke andelen kunder som handler igjen innen 90 dager, fra 8 til 12 prosent",
            ],
            explanation: "Målet handler om kundens opplevelse, og det binder de tre tallene \
sammen. En vanlig feil ville vært et nøkkelresultat som «Lage en side med ofte stilte \
spørsmål». Det er en oppgave. Siden kan godt være måten butikken kommer ned i tre timer i uka \
på, men hvis kundene ikke leser den, er oppgaven gjort uten at noe har endret seg. Legg også \
merke til utgangspunktet i hvert nøkkelresultat: Uten det kan ingen si om 60 prosent er en \
forbedring.",
        },
    },
];

/// The built-in case with this key.
pub fn builtin(key: &str) -> Option<&'static BuiltinCase> {
    BUILTIN.iter().find(|c| c.key == key)
}

/// Every built-in case in `locale`.
pub fn builtin_cases(locale: Locale) -> Vec<Case> {
    BUILTIN.iter().map(|c| c.case(locale)).collect()
}

// ----- References -----------------------------------------------------------------------------

/// Names a case of either kind. Its text form is `builtin:<key>` or `custom:<id>`, which is how
/// URLs, the API and (later) workshops refer to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRef {
    Builtin(&'static str),
    Custom(i32),
}

impl CaseRef {
    /// Parses `builtin:<key>` (a key that exists) or `custom:<positive id>`.
    pub fn parse(text: &str) -> Option<CaseRef> {
        let (kind, rest) = text.split_once(':')?;
        match kind {
            "builtin" => builtin(rest).map(|c| CaseRef::Builtin(c.key)),
            "custom" if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => {
                rest.parse().ok().filter(|id| *id > 0).map(CaseRef::Custom)
            }
            _ => None,
        }
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseRef::Builtin(key) => write!(f, "builtin:{key}"),
            CaseRef::Custom(id) => write!(f, "custom:{id}"),
        }
    }
}

impl Serialize for CaseRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CaseRef::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown case {text:?}; expected builtin:<key> or custom:<id>"
            ))
        })
    }
}

// ----- Cases ----------------------------------------------------------------------------------

/// A model answer laid out: one objective, its key results and why it is a good answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelAnswer {
    pub objective: String,
    pub key_results: Vec<String>,
    pub explanation: String,
}

impl ModelAnswer {
    /// The answer as plain text, for places that show a case's answer as one text.
    pub fn plain_text(&self, locale: Locale) -> String {
        let (objective, key_results) = match locale {
            Locale::En => ("Objective", "Key results"),
            Locale::Nb => ("Mål", "Nøkkelresultater"),
        };
        let mut text = format!("{objective}: {}\n{key_results}:\n", self.objective);
        for (i, kr) in self.key_results.iter().enumerate() {
            text.push_str(&format!("{}. {kr}\n", i + 1));
        }
        text.push('\n');
        text.push_str(&self.explanation);
        text
    }
}

/// A case of either kind, in one language, as pages, the API and workshops use it.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    #[serde(rename = "ref")]
    pub case_ref: CaseRef,
    /// `builtin` or `custom`.
    pub kind: &'static str,
    /// The built-in key.
    pub key: Option<&'static str>,
    /// The custom case's id.
    pub id: Option<i32>,
    pub title: String,
    pub situation: String,
    /// The model answer as text; empty when a custom case has none.
    pub model_answer: String,
    /// The model answer laid out (built-in cases).
    pub answer: Option<ModelAnswer>,
    /// The language of the text.
    pub locale: Locale,
    pub archived: bool,
    pub created_at: Option<NaiveDateTime>,
}

impl Case {
    /// The first sentence of the situation (or its first ~160 characters), for lists.
    pub fn summary(&self) -> String {
        let first_para = self.situation.split("\n\n").next().unwrap_or("").trim();
        let sentence_end = first_para
            .char_indices()
            .find(|(i, c)| {
                matches!(c, '.' | '!' | '?')
                    && first_para[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
            })
            .map(|(i, c)| i + c.len_utf8());
        let sentence = match sentence_end {
            Some(end) => &first_para[..end],
            None => first_para,
        };
        if sentence.chars().count() <= 160 {
            sentence.to_owned()
        } else {
            let cut: String = sentence.chars().take(157).collect();
            format!("{}…", cut.trim_end())
        }
    }
}

/// A case an organisation wrote itself.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Serialize)]
#[diesel(table_name = practice_cases)]
pub struct CustomCase {
    pub id: i32,
    #[serde(skip)]
    pub org_id: i32,
    pub title: String,
    pub situation: String,
    pub model_answer: String,
    pub locale: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub archived: bool,
}

impl CustomCase {
    pub fn into_case(self) -> Case {
        Case {
            case_ref: CaseRef::Custom(self.id),
            kind: "custom",
            key: None,
            id: Some(self.id),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            title: self.title,
            situation: self.situation,
            model_answer: self.model_answer,
            answer: None,
            archived: self.archived,
            created_at: Some(self.created_at),
        }
    }
}

/// Input for writing or editing a custom case.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseInput {
    pub title: String,
    pub situation: String,
    #[serde(default)]
    pub model_answer: String,
    pub locale: Locale,
}

/// Trims a text and turns Windows and old Mac line endings (as browsers send them) into `\n`.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

impl CaseInput {
    /// The input as it is stored: trimmed, with `\n` line endings.
    pub fn normalised(&self) -> CaseInput {
        CaseInput {
            title: self.title.trim().to_owned(),
            situation: clean_text(&self.situation),
            model_answer: clean_text(&self.model_answer),
            locale: self.locale,
        }
    }

    /// Problems with the (normalised) input.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let title = self.title.trim().chars().count();
        if title == 0 || title > TITLE_MAX || self.title.contains(['\n', '\r']) {
            errors.add("title", "field-case-title-length");
        }
        let situation = clean_text(&self.situation).chars().count();
        if situation == 0 || situation > TEXT_MAX {
            errors.add("situation", "field-case-situation-length");
        }
        if clean_text(&self.model_answer).chars().count() > TEXT_MAX {
            errors.add("model_answer", "field-case-answer-length");
        }
        errors
    }
}

/// The organisation's own cases, newest first; archived ones only when asked for.
pub fn list_custom(
    conn: &mut DbConn,
    org_id: i32,
    include_archived: bool,
) -> Result<Vec<CustomCase>> {
    let mut query = practice_cases::table
        .filter(practice_cases::org_id.eq(org_id))
        .into_boxed();
    if !include_archived {
        query = query.filter(practice_cases::archived.eq(false));
    }
    Ok(query
        .order((practice_cases::created_at.desc(), practice_cases::id.desc()))
        .select(CustomCase::as_select())
        .load(conn)?)
}

/// Every case the organisation can use: the built-in ones in `locale`, then its own active
/// cases (each in the language it was written in).
pub fn list(conn: &mut DbConn, org_id: i32, locale: Locale) -> Result<Vec<Case>> {
    let mut cases = builtin_cases(locale);
    cases.extend(
        list_custom(conn, org_id, false)?
            .into_iter()
            .map(CustomCase::into_case),
    );
    Ok(cases)
}

/// One of the organisation's own cases, archived or not.
pub fn find_custom(conn: &mut DbConn, org_id: i32, id: i32) -> Result<CustomCase> {
    Ok(practice_cases::table
        .filter(practice_cases::org_id.eq(org_id))
        .filter(practice_cases::id.eq(id))
        .select(CustomCase::as_select())
        .first(conn)?)
}

/// One of the organisation's own cases that is not archived (the ones that can change).
pub fn find_active(conn: &mut DbConn, org_id: i32, id: i32) -> Result<CustomCase> {
    let case = find_custom(conn, org_id, id)?;
    if case.archived {
        return Err(Error::NotFound);
    }
    Ok(case)
}

/// The case `case_ref` names: a built-in case in `locale`, or one of the organisation's own
/// cases in its own language. Archived custom cases are found too (a workshop that used one
/// keeps working); `archived` says so.
pub fn find(conn: &mut DbConn, org_id: i32, case_ref: &CaseRef, locale: Locale) -> Result<Case> {
    match case_ref {
        CaseRef::Builtin(key) => builtin(key).map(|c| c.case(locale)).ok_or(Error::NotFound),
        CaseRef::Custom(id) => Ok(find_custom(conn, org_id, *id)?.into_case()),
    }
}

/// Writes a new case for the organisation.
pub fn create(
    conn: &mut DbConn,
    org_id: i32,
    created_by: Option<i32>,
    input: &CaseInput,
) -> Result<CustomCase> {
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::insert_into(practice_cases::table)
        .values((
            practice_cases::org_id.eq(org_id),
            practice_cases::title.eq(&input.title),
            practice_cases::situation.eq(&input.situation),
            practice_cases::model_answer.eq(&input.model_answer),
            practice_cases::locale.eq(input.locale.code()),
            practice_cases::created_by.eq(created_by),
            practice_cases::created_at.eq(now()),
            practice_cases::archived.eq(false),
        ))
        .returning(practice_cases::all_columns)
        .get_result(conn)?)
}

/// Changes one of the organisation's active cases.
pub fn update(conn: &mut DbConn, org_id: i32, id: i32, input: &CaseInput) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    input.validate().into_result()?;
    let input = input.normalised();
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set((
        practice_cases::title.eq(&input.title),
        practice_cases::situation.eq(&input.situation),
        practice_cases::model_answer.eq(&input.model_answer),
        practice_cases::locale.eq(input.locale.code()),
    ))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
}

/// Archives one of the organisation's active cases: it leaves the lists but stays readable for
/// whatever already refers to it.
pub fn archive(conn: &mut DbConn, org_id: i32, id: i32) -> Result<CustomCase> {
    find_active(conn, org_id, id)?;
    Ok(diesel::update(
        practice_cases::table
            .filter(practice_cases::org_id.eq(org_id))
            .filter(practice_cases::id.eq(id)),
    )
    .set(practice_cases::archived.eq(true))
    .returning(practice_cases::all_columns)
    .get_result(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;
    use crate::domain::testing::{TestDb, org, person};

    #[test]
    fn references_parse_and_print() {
        assert_eq!(
            CaseRef::parse("builtin:bakery"),
            Some(CaseRef::Builtin("bakery"))
        );
        assert_eq!(CaseRef::parse("custom:12"), Some(CaseRef::Custom(12)));
        for c in BUILTIN {
            let r = CaseRef::Builtin(c.key);
            assert_eq!(CaseRef::parse(&r.to_string()), Some(r));
        }
        assert_eq!(CaseRef::Custom(7).to_string(), "custom:7");
        for bad in [
            "",
            "bakery",
            "builtin:",
            "builtin:nope",
            "builtin:Bakery",
            "custom:",
            "custom:0",
            "custom:-3",
            "custom:+3",
            "custom:abc",
            "custom:12x",
            "custom: 12",
            "custom:99999999999",
            "Custom:12",
            " custom:12",
            "other:1",
        ] {
            assert_eq!(CaseRef::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn references_are_strings_in_json() {
        let json = serde_json::to_string(&CaseRef::Custom(3)).unwrap();
        assert_eq!(json, "\"custom:3\"");
        let back: CaseRef = serde_json::from_str("\"builtin:library\"").unwrap();
        assert_eq!(back, CaseRef::Builtin("library"));
        assert!(serde_json::from_str::<CaseRef>("\"builtin:zoo\"").is_err());
    }

    #[test]
    fn built_in_cases_are_complete_in_both_languages() {
        assert!(BUILTIN.len() >= 4);
        for key in ["bakery", "cycling-club", "library", "web-shop"] {
            assert!(builtin(key).is_some(), "{key}");
        }
        let mut keys: Vec<_> = BUILTIN.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), BUILTIN.len(), "keys are unique");
        for c in BUILTIN {
            assert!(
                c.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{} is a URL-friendly key",
                c.key
            );
            for locale in Locale::ALL {
                let text = c.text(locale);
                let input = CaseInput {
                    title: text.title.into(),
                    situation: text.situation.into(),
                    model_answer: c.case(locale).model_answer,
                    locale,
                };
                assert!(input.validate().is_empty(), "{} {locale:?}", c.key);
                assert!((2..=3).contains(&text.key_results.len()), "{}", c.key);
                assert!(!text.objective.is_empty() && !text.explanation.is_empty());
                assert!(
                    text.key_results
                        .iter()
                        .all(|kr| kr.chars().any(|ch| ch.is_ascii_digit())),
                    "every key result of {} has a number",
                    c.key
                );
            }
            assert_ne!(c.en.situation, c.nb.situation, "{} is translated", c.key);
            assert_ne!(c.en.objective, c.nb.objective, "{} is translated", c.key);
        }
    }

    #[test]
    fn summaries_stop_after_the_first_sentence() {
        let case = builtin("bakery").unwrap().case(Locale::En);
        assert_eq!(
            case.summary(),
            "Solsiden Bakery is a family-run bakery with two shops and eleven employees."
        );
        let mut long = case.clone();
        long.situation = "word ".repeat(100);
        assert!(long.summary().chars().count() <= 160);
        assert!(long.summary().ends_with('…'));
    }

    #[test]
    fn model_answers_read_as_text() {
        let case = builtin("library").unwrap().case(Locale::Nb);
        assert!(
            case.model_answer
                .starts_with("Mål: Få byen tilbake til biblioteket\n")
        );
        assert!(case.model_answer.contains("Nøkkelresultater:\n1. "));
        assert!(case.model_answer.contains("\n3. "));
    }

    fn input(title: &str, situation: &str, answer: &str, locale: Locale) -> CaseInput {
        CaseInput {
            title: title.into(),
            situation: situation.into(),
            model_answer: answer.into(),
            locale,
        }
    }

    fn keys(e: Error) -> Vec<&'static str> {
        match e {
            Error::Invalid(errors) => errors.0.iter().map(|e| e.key).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn find_returns_each_kind_in_the_right_language_and_organisation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Leader]);

        let bakery = CaseRef::Builtin("bakery");
        let en = find(&mut c, acme, &bakery, Locale::En).unwrap();
        let nb = find(&mut c, acme, &bakery, Locale::Nb).unwrap();
        assert_eq!(en.title, "Solsiden Bakery");
        assert_eq!(nb.title, "Solsiden bakeri");
        assert_eq!(nb.locale, Locale::Nb);
        assert!(nb.answer.is_some());

        let own = create(
            &mut c,
            acme,
            Some(kari.row.id),
            &input(
                "  Kafé Kaja  ",
                "En kafé med\r\nfå gjester.\r\n",
                "",
                Locale::Nb,
            ),
        )
        .unwrap();
        assert_eq!(own.title, "Kafé Kaja", "titles are trimmed");
        assert_eq!(own.situation, "En kafé med\nfå gjester.", "line endings");
        let r = CaseRef::Custom(own.id);
        // A custom case keeps its own language, whatever the reader's.
        let found = find(&mut c, acme, &r, Locale::En).unwrap();
        assert_eq!(found.locale, Locale::Nb);
        assert_eq!(found.case_ref.to_string(), format!("custom:{}", own.id));
        assert_eq!(found.model_answer, "");
        // Another organisation cannot see it, change it or archive it.
        assert!(matches!(
            find(&mut c, other, &r, Locale::En),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            update(&mut c, other, own.id, &input("X", "Y", "", Locale::En)),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            archive(&mut c, other, own.id),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            find(&mut c, acme, &CaseRef::Custom(own.id + 100), Locale::En),
            Err(Error::NotFound)
        ));

        let all = list(&mut c, acme, Locale::Nb).unwrap();
        assert_eq!(all.len(), BUILTIN.len() + 1);
        assert_eq!(
            list(&mut c, other, Locale::Nb).unwrap().len(),
            BUILTIN.len()
        );

        // Archived: gone from the list, still found by reference, no longer editable.
        archive(&mut c, acme, own.id).unwrap();
        assert_eq!(list(&mut c, acme, Locale::En).unwrap().len(), BUILTIN.len());
        assert!(find(&mut c, acme, &r, Locale::En).unwrap().archived);
        assert_eq!(list_custom(&mut c, acme, true).unwrap().len(), 1);
        assert!(matches!(
            archive(&mut c, acme, own.id),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            update(&mut c, acme, own.id, &input("X", "Y", "", Locale::En)),
            Err(Error::NotFound)
        ));
    }

    #[test]
    fn custom_cases_are_validated() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let e = create(&mut c, acme, None, &input(" ", "\r\n ", "", Locale::En)).unwrap_err();
        assert_eq!(
            keys(e),
            vec!["field-case-title-length", "field-case-situation-length"]
        );
        let long = "x".repeat(TEXT_MAX + 1);
        let e = create(
            &mut c,
            acme,
            None,
            &input(&"t".repeat(TITLE_MAX + 1), &long, &long, Locale::En),
        )
        .unwrap_err();
        assert_eq!(
            keys(e),
            vec![
                "field-case-title-length",
                "field-case-situation-length",
                "field-case-answer-length"
            ]
        );
        // The limits count characters, not bytes, and a CRLF counts as one.
        let ok = create(
            &mut c,
            acme,
            None,
            &input(
                &"ø".repeat(TITLE_MAX),
                &"æ\r\n".repeat(TEXT_MAX / 2),
                &"å".repeat(TEXT_MAX),
                Locale::Nb,
            ),
        )
        .unwrap();
        assert_eq!(ok.locale, "nb");
        assert!(list_custom(&mut c, acme, false).unwrap().len() == 1);
    }
}
