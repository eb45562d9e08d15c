nav-workshops = Workshoper

workshops-title = Workshoper
workshops-new = Ny workshop
workshops-edit = Endre workshop
workshops-create = Opprett workshop
workshops-empty = Ingen workshoper ennå. I en workshop lager teamet sine første mål og nøkkelresultater sammen: deltakerne blir med fra mobilen med en kort kode.
workshops-field-title = Tittel
workshops-field-locale = Språk i workshopen
workshops-field-rollout = Innføring
workshops-no-rollout = Ikke del av en innføring
workshops-field-teams = Team som deltar
workshops-no-teams = Organisasjonen har ingen team ennå.
workshops-status = Status
workshops-code = Kode
workshops-created = Opprettet
workshops-agenda = Agenda
workshops-agenda-hint = Stegene gruppen går gjennom, i rekkefølge. La et steg stå tomt for å hoppe over det; de tomme radene nederst legger til steg. Introsteg viser teksten sin; øvingssteg viser en nøytral case.
workshops-step = Steg { $n }
workshops-step-none = (ingen steg)
workshops-step-minutes = Minutter
workshops-step-case = Øvingscase
workshops-step-no-case = (ingen case)
workshops-step-text = Tekst for et introsteg
workshops-settings = Innstillinger
workshops-field-votes = Stemmer per deltaker
workshops-field-top = Mål som får nøkkelresultater (de med flest stemmer)
workshops-field-anonymous = Anonyme lapper til de avsløres
workshops-field-hidden-tallies = Skjul antall stemmer til avstemningen er over
workshops-field-participants-group = Deltakerne kan også gruppere lapper
workshops-join-title = Bli med
workshops-join-code = Kode:
workshops-qr-alt = QR-kode for { $url }
workshops-run = Led workshopen
workshops-projector = Åpne projektorvisningen
workshops-minutes = { $n } min
workshops-votes-each = { $n ->
    [one] Én stemme per deltaker
   *[other] { $n } stemmer per deltaker
}
workshops-teams = Team
workshops-no-team = ingen valgt
workshops-participants = { $n ->
    [0] Ingen har blitt med ennå.
    [one] Én person har blitt med.
   *[other] { $n } personer har blitt med.
}
workshops-outcome = Resultat
workshops-outcome-later = Når workshopen er avsluttet, går du gjennom de rangerte målene her og lagrer dem teamet beholder.
workshops-saved-count = { $n ->
    [0] Ingen mål er lagret fra denne workshopen ennå.
    [one] Ett mål er lagret fra denne workshopen.
   *[other] { $n } mål er lagret fra denne workshopen.
}
workshops-review = Gå gjennom og lagre mål
workshops-summary = Oppsummering
workshops-delete = Slett workshop
workshops-delete-title = Slette «{ $title }»?
workshops-delete-body = Workshopen har ikke startet. Koden slutter å virke, og workshopen kan ikke gjenopprettes.

workshop-status-draft = Ikke startet
workshop-status-live = Pågår
workshop-status-ended = Avsluttet

step-intro = Introduksjon
step-practice = Øvingscase
step-brainstorm = Idémyldring om mål
step-group = Gruppering
step-vote = Prikkstemming
step-draft_key_results = Utkast til nøkkelresultater
step-commit = Forplikt dere

login-join-workshop = Skal du være med i en workshop? Du trenger ingen konto:
join-title = Bli med i en workshop
join-intro = Skriv inn koden som vises på skjermen. Du trenger ingen konto.
join-code = Workshopkode
join-go = Bli med
join-unknown = Det finnes ingen workshop med den koden. Sjekk koden på skjermen og prøv igjen.

outcome-title = Lagre målene fra workshopen
outcome-not-ended = Workshopen pågår fortsatt. Avslutt den i rommet før du lagrer mål.
outcome-already = { $n ->
    [one] Ett mål er allerede lagret fra denne workshopen; det lagres ikke to ganger.
   *[other] { $n } mål er allerede lagret fra denne workshopen; de lagres ikke to ganger.
}
outcome-team = Team
outcome-period = Periode
outcome-period-hint = En OKR-periode, for eksempel 2027-Q1.
outcome-choose = Mål og nøkkelresultater som skal beholdes
outcome-votes = { $n ->
    [one] 1 stemme
   *[other] { $n } stemmer
}
outcome-save = Lagre mål
outcome-empty = Ingen lapper ble skrevet i denne workshopen.

summary-title = Oppsummering: { $title }
summary-facts = { $participants } deltakere, { $cards } lapper, { $votes } stemmer.
summary-csv = Last ned CSV
summary-json = Last ned JSON
summary-saved = Lagrede mål
summary-ranked = Rangerte mål
summary-objective = Mål
summary-votes = Stemmer
summary-key-results = Nøkkelresultater
summary-attendance = Oppmøte
summary-no-attendance = Ingen innloggede personer deltok.

flash-workshop-created = Workshopen «{ $name }» er opprettet. Del koden når dere starter.
flash-workshop-saved = Workshopen «{ $name }» er lagret.
flash-workshop-started = Workshopen har startet; agendaen forblir som den er.
flash-workshop-deleted = Workshopen «{ $name }» er slettet.
flash-workshop-not-draft = Bare en workshop som ikke har startet, kan slettes.
flash-objectives-saved = { $count ->
    [0] Ingenting nytt å lagre: disse målene er lagret fra før.
    [one] Ett mål er lagret.
   *[other] { $count } mål er lagret.
}

field-agenda-no-steps = Agendaen trenger minst ett steg.
field-agenda-too-many-steps = En agenda kan ha høyst 20 steg.
field-agenda-minutes = Tidsrammer er hele minutter fra 1 til 240.
field-agenda-text = En introtekst kan være på høyst 2 000 tegn.
field-agenda-votes = Stemmer per deltaker må være fra 1 til 20.
field-agenda-top = Mellom 1 og 10 mål kan få nøkkelresultater.
field-agenda-case = Velg en øvingscase fra listen for hvert øvingssteg.
field-agenda-kind = Velg en stegtype fra listen.
field-number-invalid = Skriv inn et helt tall.
field-locale-invalid = Velg engelsk eller norsk.
field-teams-unknown = Velg et team fra listen.
field-workshop-not-draft = Bare en workshop som ikke har startet, kan slettes.
field-workshop-started = Workshopen har startet; agendaen forblir som den er.
field-workshop-not-ended = Avslutt workshopen før du lagrer målene.
field-cards-none = Kryss av minst ett mål som skal lagres.
field-cards-unknown = Et av målene du krysset av, finnes ikke lenger i workshopen.
field-period-invalid = Skriv inn en periode, for eksempel 2027-Q1 (eller 2027-T1, 2027-H1).
field-key-result-invalid = Hvert nøkkelresultat trenger et navn og et mål som er ulikt startverdien.
workshops-you-run = Du er fasilitator for denne workshopen: du åpner rommet og projektorvisningen.
workshops-run-by = { $name } er fasilitator for denne workshopen. Bare de åpner rommet; de eller en leder kan endre den.
workshops-run-by-leader = { $name } er fasilitator for denne workshopen og åpner rommet. Som leder kan du endre den og lagre resultatet.
summary-open-register = Åpne utkastene i teamets OKR-er
