//! The text of the built-in practice cases, in English and Norwegian.

use super::{BuiltinCase, BuiltinText};

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
