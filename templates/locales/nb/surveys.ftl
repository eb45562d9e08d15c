## Surveys
nav-surveys = Undersøkelser
surveys-title = Undersøkelser
surveys-new = Ny undersøkelse
surveys-create = Opprett undersøkelse
surveys-settings = Innstillinger for undersøkelsen
surveys-empty = Før workshopen: spør de ansatte om forventninger, bekymringer, møtevaner og behov. Svarene viser hvor dere bør begynne – og å involvere dem er halve innføringen.
surveys-status = Status
surveys-open-period = Åpen
surveys-responses = Svar
surveys-invited = Invitert
surveys-rate = Svarprosent
surveys-responses-of = { $responses } av { $invited }
surveys-anonymous = anonym
surveys-anonymous-min = anonym; grupper med færre enn { $size } svar vises ikke
surveys-named = svarene vises med navn
survey-status-scheduled = ikke åpnet ennå
survey-status-open = åpen
survey-status-closed = lukket
survey-template-title = Før vi starter med OKR
surveys-start-from = Start fra
surveys-template-pre-workshop = Undersøkelsen før workshopen (forventninger, bekymringer, møtevaner, OKR-erfaring, behov)
surveys-template-blank = En tom undersøkelse
surveys-questions-language = Språk for spørsmålene
surveys-intro = Innledning
surveys-intro-hint = Vises øverst i undersøkelsen og i invitasjonen: hvorfor dere spør, og hva som skjer med svarene.
surveys-anonymous-label = Anonyme svar
surveys-anonymous-hint = Anbefalt. Svarene lagres uten noen kobling til personen; resultater vises bare for grupper med nok svar.
surveys-min-group = Minste gruppe det vises resultater for
surveys-min-group-hint = Team med færre svar slås sammen til «andre team».
surveys-opens_on = Åpner
surveys-closes_on = Lukker
surveys-reminder-days = Automatisk påminnelse, dager før lukking
surveys-reminder-hint = De som ikke har svart, får én påminnelse så mange dager før undersøkelsen lukkes. 0 slår den av.
surveys-rollout = Del av innføring
surveys-no-rollout = Ingen innføring
surveys-results = Resultater
surveys-invite = Inviter
surveys-invite-hint = Alle som inviteres, får en e-post med en personlig lenke, på sitt eget språk. De som allerede er invitert, hoppes over.
surveys-invite-people = Enkeltpersoner (hold Ctrl eller ⌘ for å velge flere)
surveys-send-invitations = Send invitasjoner
surveys-remind-now = Minn på de { $count } som ikke har svart
surveys-reminder-auto = En automatisk påminnelse sendes { $days } dager før lukking.
surveys-reminder-sent = Den automatiske påminnelsen ble sendt { $date }.
surveys-questions = Spørsmål
surveys-questions-locked = Invitasjonene er sendt, så spørsmålene kan ikke endres lenger.
surveys-no-questions = Ingen spørsmål ennå. Legg til det første nedenfor.
surveys-add-question = Legg til et spørsmål
surveys-edit-question = Rediger spørsmål
surveys-prompt = Spørsmål
surveys-kind = Svartype
surveys-options = Svaralternativer
surveys-options-hint = For enkeltvalg og flervalg: ett alternativ per linje (2–12).
surveys-required = påkrevd
surveys-required-label = Svar er påkrevd
surveys-delete-question-confirm = Ja, slett dette spørsmålet
surveys-close = Lukk undersøkelsen …
surveys-close-body = Ingen kan svare etter dette; lenkene slutter å virke. Resultatene blir værende.
surveys-close-confirm = Lukk undersøkelsen nå
surveys-back = Tilbake til undersøkelsen
surveys-export-csv = Last ned CSV
surveys-rate-by-team = Svarprosent per team
survey-no-team = Uten team
surveys-too-few = Resultatene vises når minst { $size } har svart, så ingen kan kjennes igjen.
survey-group-all = Alle
survey-group-other = Andre team
surveys-groups = Grupper
surveys-groups-hint = Team med færre enn { $size } svar telles bare med i «andre team» og «alle».
surveys-answered = { $count ->
    [one] 1 svar
   *[other] { $count } svar
}
surveys-average = snitt { $value }
surveys-answer = Svar
surveys-chart = Andel av svarene
surveys-no-texts = Ingen skriftlige svar.
question-kind-scale = Skala 1–5
question-kind-single = Enkeltvalg
question-kind-multiple = Flervalg
question-kind-text = Fritekst
field-intro-length = Innledningen kan ha høyst 4 000 tegn.
field-min-group-size = Velg et tall mellom 3 og 50: i en mindre gruppe kan folk kjenne igjen hverandres svar.
field-reminder-days = Velg mellom 0 og 30 dager.
field-rollout-unknown = Velg en innføring fra listen.
field-anonymity-locked = Invitasjonene er sendt, så anonymiteten kan ikke endres.
field-min-group-locked = Invitasjonene er sendt, så minste gruppe kan bare bli større.
field-prompt-length = Skriv et spørsmål på høyst 500 tegn.
field-options = Gi mellom 2 og 12 alternativer, ett per linje, hvert på høyst 200 tegn.
field-questions-locked = Invitasjonene er sendt, så spørsmålene kan ikke endres lenger.
field-choose-invitees = Velg minst ett team eller én person.
field-survey-closed = Undersøkelsen er lukket.
field-survey-not-open = Påminnelser kan bare sendes mens undersøkelsen er åpen.
field-too-few-responses = Det er for få svar til å eksportere uten å risikere anonymiteten.
flash-survey-created = { $title } er opprettet. Se over spørsmålene, og inviter så folk.
flash-survey-saved = Innstillingene er lagret.
flash-survey-closed = Undersøkelsen er lukket.
flash-invitations-queued = { $count ->
    [0] Ingen nye å invitere: alle valgte er allerede invitert.
    [one] 1 invitasjon er på vei.
   *[other] { $count } invitasjoner er på vei.
}
flash-reminders-queued = { $count ->
    [0] Alle som er invitert, har svart.
    [one] 1 påminnelse er på vei.
   *[other] { $count } påminnelser er på vei.
}
flash-question-saved = Spørsmålet er lagret.
flash-question-moved = Spørsmålet ble flyttet.
flash-question-deleted = Spørsmålet ble slettet.

## Answering
answer-anonymous-title = Denne undersøkelsen er anonym.
answer-anonymous-body = Svarene dine lagres uten navnet ditt eller noen kobling til deg. Resultater vises bare for grupper med flere personer.
answer-named-title = Denne undersøkelsen er ikke anonym.
answer-named-body = De som har sendt ut undersøkelsen, ser navnet ditt ved svarene.
answer-closes = Åpen til { $date }.
answer-has-errors = { $count ->
    [one] Ett spørsmål må ses på:
   *[other] { $count } spørsmål må ses på:
}
answer-optional = valgfritt
answer-choose-any = Velg alle som passer.
answer-submit = Send svarene mine
answer-required = Svar på dette spørsmålet.
answer-invalid = Velg ett av svarene som vises.
answer-too-long = Hold svaret under 4 000 tegn.
survey-thanks-title = Takk!
survey-thanks = Svarene dine er lagret. De hjelper til med å forme hvordan organisasjonen jobber med OKR.
survey-link-title = Denne lenken kan ikke brukes
survey-link-unknown = Vi kjenner ikke igjen denne lenken. Sjekk at du kopierte hele adressen fra e-posten.
survey-link-used = Denne lenken er brukt: svarene er sendt. Hver invitasjon kan svare én gang.
survey-link-not-open = Undersøkelsen åpner { $date }. Kom tilbake da.
survey-link-closed = Undersøkelsen ble lukket { $date }. Takk for interessen.
mail-survey-subject = Dine tanker om OKR: { $title }
mail-survey-reminder-subject = Påminnelse: { $title }
mail-survey-body = { $org } starter med OKR og vil gjerne høre fra deg først: { $title }. Det tar omtrent fem minutter.
mail-survey-reminder-body = En vennlig påminnelse: { $org } vil fortsatt gjerne ha tankene dine i «{ $title }». Undersøkelsen lukkes { $closes }.
mail-survey-anonymous = Undersøkelsen er anonym: svarene dine lagres uten navnet ditt.
mail-survey-named = Undersøkelsen er ikke anonym: de som har sendt den ut, ser navnet ditt ved svarene.
mail-survey-link = Svar her (åpen til { $closes }):
mail-survey-button = Svar på undersøkelsen
mail-survey-personal = Lenken er personlig; ikke del den videre.
surveys-results-after-close = Resultatene vises når undersøkelsen er lukket ({ $date }): svar som vises mens folk fortsatt svarer, kan avsløre hvem som har sagt hva.
field-results-after-close = Resultatene er tilgjengelige når undersøkelsen er lukket.
pulse-title = Kjør den igjen som pulsmåling
pulse-hint = De samme spørsmålene og samme anonymitet, for å sammenligne med denne undersøkelsen: setter rutinen seg 6 og 12 måneder etter workshopen?
pulse-default-title = { $title } (puls)
pulse-opens = Åpner
pulse-closes = Stenger
pulse-create = Lag pulsmålingen
flash-pulse-created = Pulsmålingen er laget med de samme spørsmålene. Inviter folk når det er tid.
pulse-compare = Sammenlignet med utgangspunktet
pulse-against = Mot «{ $baseline }» (fra { $opens })
pulse-baseline-responses = svar på utgangspunktet
pulse-pulse-responses = svar på pulsmålingen
pulse-baseline = Utgangspunkt
pulse-pulse = Puls
pulse-not-yet = Sammenligningen vises når begge undersøkelsene er stengt og hver har minst { $size } svar (samme anonymitetsregel som resultatene deres).
pulse-texts = Fritekstsvar: { $baseline } da, { $pulse } nå. Les dem i resultatene for hver undersøkelse.
field-survey-final = Resultatene er vist, så denne undersøkelsen er endelig: den kan ikke åpnes igjen, lukkes senere, invitere flere eller sende påminnelser, fordi ett svar til ville synes som en forskjell i resultatene. For å spørre igjen, lag en ny undersøkelse (for eksempel «Kjør den igjen som pulsmåling»).
surveys-final-note = Resultatene er vist, så denne undersøkelsen er endelig: ingen nye invitasjoner, påminnelser eller senere sluttdato. For å spørre igjen, kjør den igjen som pulsmåling nedenfor.
surveys-export-texts = Last ned skriftlige svar (CSV)
surveys-rates-hint = Team med færre enn { $size } inviterte telles sammen under «andre team», så ingen svarprosent forteller om én person har svart.
survey-csv-group = Gruppe
survey-csv-number = Nr.
survey-csv-question = Spørsmål
survey-csv-count = Antall
survey-csv-percent = Prosent
survey-csv-average = Snitt
survey-csv-free-text = (skriftlige svar: se filen med skriftlige svar)
