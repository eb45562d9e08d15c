## Layout
skip-to-content = Gå til innholdet
nav-menu = Meny
nav-main = Hovedmeny
nav-overview = Oversikt
nav-people = Personer
nav-teams = Team
nav-settings = API-nøkler
nav-logout = Logg ut
footer-tagline = Hverdag — OKR som en del av hverdagen.

## Forms
form-save = Lagre
form-cancel = Avbryt
form-has-errors = Rett opp feltene som er merket nedenfor.
field-name = Navn
field-email = E-post
field-password = Passord
field-password-hint = Minst 10 tegn. Uten passord logger personen inn med en lenke på e-post.
field-locale = Språk
field-role = Rolle
field-roles = Roller
field-team = Team
field-kind = Type
field-parent = Del av
field-name-length = Skriv et navn på høyst 120 tegn.
field-email-invalid = Skriv en e-postadresse som navn@eksempel.no.
field-email-taken = Denne e-postadressen er allerede i bruk.
field-password-length = Passordet må ha mellom 10 og 200 tegn.
field-slug-invalid = Bruk 2–40 små bokstaver, sifre eller bindestreker.
field-slug-taken = Dette kortnavnet er allerede i bruk.
field-time-zone-invalid = Ukjent tidssone; bruk et navn som Europe/Oslo.
field-team-name-taken = Det finnes allerede et team eller en avdeling med dette navnet.
field-parent-unknown = Velg en avdeling fra listen.
field-parent-not-department = Team kan bare plasseres i en avdeling.
field-parent-cycle = En avdeling kan ikke plasseres i seg selv eller i en av sine egne avdelinger.
field-kind-invalid = Velg team eller avdeling.
field-kind-has-members = Teamet har medlemmer; avslutt medlemskapene før du gjør det til en avdeling.
field-kind-has-children = Avdelingen inneholder team; flytt dem før du gjør den til et team.
field-members-need-team = Medlemmer hører til team, ikke avdelinger.
field-person-unknown = Velg en person fra listen.
field-already-member = Personen er allerede medlem av teamet.
field-already-ambassador = Personen er allerede ambassadør for teamet.
field-left-before-joined = Sluttdatoen kan ikke være før startdatoen.
field-keep-own-leader = Du kan ikke fjerne lederrollen fra deg selv.
field-mail-expired = Denne meldingen inneholdt en lenke som har utløpt; be personen om å bestille en ny.

## Roles and kinds
role-leader = Leder
role-facilitator = Fasilitator
role-ambassador = Ambassadør
role-member = Medlem
role-leader-hint = planlegger innføringen og styrer personer og team
role-facilitator-hint = leder OKR-workshoper
role-ambassador-hint = hjelper team med å gjøre OKR til en vane
role-member-hint = deltar og sjekker inn
kind-team = Team
kind-department = Avdeling
kind-team-hint = folk som jobber sammen og deler OKR
kind-department-hint = samler team og andre avdelinger

## Sign in
login-title = Logg inn
login-lead = Velkommen til Hverdag.
login-submit = Logg inn
login-link-title = Uten passord?
login-link-lead = Vi kan sende deg en lenke på e-post som logger deg inn.
login-link-submit = Send meg en innloggingslenke
link-sent-title = Sjekk e-posten din
link-sent-body = Hvis { $email } hører til en konto, er en innloggingslenke på vei. Den virker én gang, i 15 minutter.
link-back-to-login = Tilbake til innlogging
link-confirm-title = Logg inn i Hverdag
link-confirm-body = Trykk på knappen for å fullføre innloggingen.
link-confirm-submit = Logg inn
link-problem-title = Denne lenken virker ikke
mail-login-subject = Din innloggingslenke til Hverdag
mail-login-greeting = Hei { $name },
mail-login-body = Bruk denne lenken for å logge inn i Hverdag. Den virker én gang og utløper om { $minutes } minutter.
mail-login-button = Logg inn i Hverdag
mail-login-ignore = Hvis du ikke har bedt om dette, kan du se bort fra e-posten.

## Errors
error-title = Feil { $status }
error-go-home = Gå til startsiden
error-reference = Hvis du melder fra om dette, oppgi referansen { $id }.
error-not-found = Vi fant ikke siden. Den kan være flyttet, eller du har kanskje ikke tilgang til den.
error-forbidden = Du har ikke tillatelse til å gjøre dette. Spør en leder i organisasjonen hvis du trenger det.
error-unauthorized = Logg inn først.
error-csrf = Skjemaet var utløpt. Gå tilbake, last inn siden på nytt og prøv igjen.
error-too-many = For mange forsøk. Vent litt og prøv igjen.
error-bad-request = Forespørselen kunne ikke forstås.
error-bad-form = Skjemaet kunne ikke leses. Last inn siden på nytt og prøv igjen.
error-bad-json = Innholdet er ikke gyldig JSON for dette endepunktet.
error-bad-date = Skriv datoen som ÅÅÅÅ-MM-DD.
error-choose-person = Velg en person fra listen.
error-invalid = Noe av det som ble sendt inn er ikke gyldig.
error-internal = Noe gikk galt hos oss. Prøv igjen; hvis det fortsetter, si fra til administratoren.
error-method = Denne handlingen er ikke tilgjengelig her.
error-too-large = Filen er for stor.
error-login-failed = E-postadressen eller passordet er feil.
error-login-throttled = For mange mislykkede forsøk. Vent 15 minutter, eller logg inn med en lenke på e-post.
error-link-unknown = Denne innloggingslenken er ikke gyldig. Be om en ny nedenfor.
error-link-expired = Denne innloggingslenken har utløpt (lenker virker i 15 minutter). Be om en ny nedenfor.
error-link-used = Denne innloggingslenken er allerede brukt. Be om en ny nedenfor.
error-deactivate-self = Du kan ikke deaktivere deg selv eller fjerne din egen lederrolle.

## Flash messages
flash-logged-out = Du er logget ut.
flash-person-created = { $name } ble lagt til.
flash-person-saved = Endringene for { $name } er lagret.
flash-person-activated = Personen kan logge inn igjen.
flash-person-deactivated = Personen ble deaktivert og logget ut.
flash-team-saved = { $name } er lagret.
flash-member-added = Medlem lagt til.
flash-member-left = Medlemskapet er avsluttet.
flash-ambassador-added = Ambassadør tildelt.
flash-ambassador-removed = Ambassadør fjernet.
flash-token-revoked = Nøkkelen ble trukket tilbake.
flash-imported = Importen er ferdig: { $created } lagt til, { $updated } oppdatert, { $teams } nye team.

## Overview
overview-lead = Organisasjonen din med ett blikk.
overview-numbers = Nøkkeltall
overview-people = { $count ->
    [one] person
   *[other] personer
}
overview-departments = { $count ->
    [one] avdeling
   *[other] avdelinger
}
overview-teams = { $count ->
    [one] team
   *[other] team
}
overview-roles = Personer etter rolle
overview-count = Antall
overview-structure = Avdelinger og team

## People
people-title = Personer
people-new = Legg til person
people-edit = Rediger person
people-import = Importer fra CSV
people-search = Søk etter navn eller e-post
people-any-role = Alle roller
people-include-inactive = Ta med deaktiverte
people-filter = Filtrer
people-count = { $count ->
    [one] 1 person
   *[other] { $count } personer
}
people-inactive = deaktivert
people-empty = Her er det ingen ennå. Legg til personer én og én, eller importer en liste.
people-no-match = Ingen passer med dette søket.
people-since = Lagt til
people-no-teams = Ikke medlem av noe team.
people-deactivate = Deaktiver
people-activate = Aktiver
people-deactivate-title = Deaktivere { $name }?
people-deactivate-body = Personen blir logget ut og kan ikke logge inn før en leder aktiverer vedkommende igjen. Historikken beholdes.
pager-label = Sider
pager-prev = Forrige
pager-next = Neste
pager-status = Side { $page } av { $pages }

## Import
import-title = Importer personer
import-lead = Last opp en CSV-fil (eller lim den inn) med kolonnene navn, e-post, team og roller. Du får se en forhåndsvisning før noe lagres.
import-hint = Roller skilles med semikolon eller mellomrom: leder, fasilitator, ambassadør, medlem. Team som ikke finnes, blir opprettet. Engelske overskrifter (name, email, team, roles) og semikolonseparerte filer virker også.
import-file = CSV-fil
import-paste = …eller lim inn innholdet
import-preview = Forhåndsvis
import-preview-title = Forhåndsvisning av import
import-ready = { $count ->
    [one] 1 rad er klar til import.
   *[other] { $count } rader er klare til import.
}
import-not-ready = { $count ->
    [one] 1 rad må rettes. Ingenting importeres før alle radene er i orden: rett filen og prøv igjen.
   *[other] { $count } rader må rettes. Ingenting importeres før alle radene er i orden: rett filen og prøv igjen.
}
import-new-teams = Nye team som blir opprettet:
import-line = Linje
import-result = Resultat
import-action-create = ny person
import-action-update = oppdaterer en eksisterende person
import-confirm = { $count ->
    [one] Importer 1 person
   *[other] Importer { $count } personer
}
import-again = Velg en annen fil
import-error-too-large = Filen er større enn 2 MB.
import-error-too-many = Filen har mer enn 5 000 rader; del den opp i mindre filer.
import-error-header = Første linje må navngi kolonnene, minst navn og e-post.
import-error-empty = Filen har ingen rader å importere.
import-error-unreadable = Denne linjen kunne ikke leses som CSV.
import-error-role = Ukjent rolle; bruk leder, fasilitator, ambassadør eller medlem.
import-error-email = E-postadressen er ikke gyldig.
import-error-name = Navnet mangler eller er lengre enn 120 tegn.
import-error-duplicate = Denne e-postadressen står tidligere i filen.
import-error-team-is-department = Dette er en avdeling; personer kan bare bli med i team.
import-error-team-name = Teamnavnet er lengre enn 120 tegn.
import-error-not-clean = Noen rader har feil, så ingenting ble importert.
import-error-encoding = Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen.

## Teams
teams-title = Team
teams-new = Nytt team eller ny avdeling
teams-edit = Rediger
teams-empty = Det finnes ingen team ennå. Begynn med en avdeling eller et team.
teams-members = Medlemmer
teams-members-count = { $count ->
    [one] 1 medlem
   *[other] { $count } medlemmer
}
teams-part-of = Del av
teams-children = Team og avdelinger i den
teams-no-children = Ingenting her ennå.
teams-no-members = Ingen medlemmer ennå.
teams-joined = Startet
teams-left-on = Sluttdato
teams-actions = Handlinger
teams-end-membership = Avslutt medlemskap
teams-end-membership-named = Avslutt medlemskapet til { $name }
teams-end-membership-confirm = Ja, avslutt medlemskapet til { $name }
teams-add-member = Legg til et medlem
teams-choose-person = Velg en person
teams-add = Legg til
teams-former = { $count ->
    [one] 1 tidligere medlem
   *[other] { $count } tidligere medlemmer
}
teams-ambassadors = OKR-ambassadører
teams-ambassadors-hint = Ambassadører hjelper teamet med å gjøre OKR til en del av den ukentlige rutinen.
teams-no-ambassadors = Ingen ambassadør ennå.
teams-add-ambassador = Tildel en ambassadør
teams-remove = Fjern
teams-remove-ambassador-named = Fjern { $name } som ambassadør
teams-remove-ambassador-confirm = Ja, fjern { $name } som ambassadør
teams-top-level = Øverste nivå (ingen avdeling)

## API tokens
tokens-title = API-nøkler
tokens-lead = Nøkler lar andre systemer bruke Hverdags API på vegne av lederen som opprettet dem. Send en som «Authorization: Bearer <nøkkel>».
tokens-created = Nøkkel opprettet
tokens-copy-now = Kopier den nå: den vises bare én gang.
tokens-new = Ny nøkkel
tokens-name = Navn
tokens-create = Opprett nøkkel
tokens-existing = Nøkler
tokens-owner = Opprettet av
tokens-created-at = Opprettet
tokens-last-used = Sist brukt
tokens-status = Status
tokens-revoked = trukket tilbake
tokens-revoke = Trekk tilbake
tokens-revoke-named = Trekk tilbake nøkkelen { $name }
tokens-revoke-body = Systemer som bruker denne nøkkelen, mister tilgangen med en gang. Dette kan ikke angres.
tokens-revoke-confirm = Ja, trekk tilbake { $name }
tokens-empty = Ingen nøkler ennå.
tokens-lifetime = Utløper etter
tokens-lifetime-days = { $days } dager
tokens-lifetime-never = Aldri
tokens-expires = Utløper
tokens-never = aldri
tokens-expired = utløpt
tokens-rules = En nøkkel handler med rollene den som opprettet den har når den brukes: den slutter å virke når vedkommende ikke lenger er leder, og trekkes tilbake for godt når vedkommende deaktiveres.
field-token-lifetime = Velg 30, 90, 180 eller 365 dager, eller aldri.

## Outbox
settings-title = Innstillinger
outbox-title = Utboks
outbox-lead = All e-post fra Hverdag går gjennom denne køen. Mislykkede forsendelser prøves automatisk på nytt med stadig lengre pauser; etter 8 forsøk stopper det, og du kan prøve igjen her, unntatt meldinger med en personlig lenke, som utløper: da må personen bestille en ny.
outbox-status = Status
outbox-any-status = Alle statuser
outbox-status-queued = i kø
outbox-status-sending = sendes
outbox-status-sent = sendt
outbox-status-failed = feilet
outbox-to = Til
outbox-subject = Emne
outbox-attempts = Forsøk
outbox-when = Tid
outbox-retry = Prøv igjen
outbox-empty = Ingen e-post er sendt ennå.
mail-kind-login_link = innloggingslenke
mail-kind-survey_invitation = invitasjon til undersøkelse
mail-kind-survey_reminder = påminnelse om undersøkelse
flash-mail-retried = Meldingen er lagt i køen igjen.
field-agenda-invalid = Agendaen trenger minst ett steg og mellom 1 og 20 stemmer per person.
outbox-recipient-hidden = skjult (påminnelse om undersøkelse: den ville vise hvem som ikke har svart)
