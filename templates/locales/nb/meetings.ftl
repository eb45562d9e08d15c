meetings-title = Møter · { $team }
meetings-series = Møteserier
meetings-no-series = Ingen møteserier ennå. Et kort ukentlig OKR-resultatmøte (15 minutter) og et kvartalsvis OKR-møte gir rutinen: begynn med det ukentlige.
meetings-new-series = Ny møteserie
meetings-create-series = Opprett serien
meetings-kind = Møte
meetings-weekday = Dag
meetings-time = Klokkeslett
meetings-duration = Lengde i minutter
meetings-starts-on = Første dag
meetings-ends-on = Siste dag (valgfri)
meetings-minutes = { $n } min
meetings-from = fra { $date }
meetings-until = til { $date }
meetings-end-series = Avslutt etter i dag
meetings-list = De siste fire ukene og de neste åtte
meetings-when = Når
meetings-state = Status
meetings-none = Ingen møter i dette tidsrommet.
meetings-all = Alle møter
meetings-agenda = Agenda
meetings-attendance = Oppmøte
meetings-no-members = Teamet har ingen medlemmer denne dagen.
meetings-key-results = Nøkkelresultater for { $period }
meetings-no-okrs = Teamet har ingen aktive mål for { $period }.
meetings-check-ins-made = { $count ->
    [one] Én innsjekk ble gjort i dette møtet.
   *[other] { $count } innsjekker ble gjort i dette møtet.
}
meetings-notes = Notater
meetings-decisions = Beslutninger
meetings-mark-held = Lagre og merk som holdt
meetings-change = Flytt eller avlys dette møtet
meetings-move-to = Ny dag
meetings-move = Flytt
meetings-cancel = Avlys dette møtet
meetings-restore = Gjeninnfør møtet

series-kind-weekly_results = Ukentlig OKR-resultatmøte
series-kind-quarterly = { $periods ->
    [tertials] Tertialvis OKR-møte
    [halves] Halvårlig OKR-møte
   *[quarters] Kvartalsvis OKR-møte
}

meeting-state-scheduled = Planlagt
meeting-state-held = Holdt
meeting-state-missed = Ikke holdt
meeting-state-cancelled = Avlyst

presence-present = Til stede
presence-absent = Fraværende
presence-excused = Meldt forfall

weekday-1 = mandag
weekday-2 = tirsdag
weekday-3 = onsdag
weekday-4 = torsdag
weekday-5 = fredag
weekday-6 = lørdag
weekday-7 = søndag

agenda-weekly-check-ins = Sjekk inn på hvert nøkkelresultat: ny verdi og hvor trygge dere er.
agenda-weekly-blockers = Hindringer: hva står i veien, og hvem kan hjelpe?
agenda-weekly-priorities = Ukens prioriteringer som flytter nøkkelresultatene.
agenda-quarterly-score = Oppsummer perioden: hvor endte hvert nøkkelresultat, og hva lærte vi?
agenda-quarterly-retro = Retrospektiv: hva fungerte i OKR-rutinen vår, hva bør endres?
agenda-quarterly-next = Lag utkast til neste periodes mål og nøkkelresultater.

flash-series-created = Møteserien er opprettet; møtene står i listen.
flash-series-ended = Serien avsluttes i dag; senere møter er fjernet.
flash-meeting-saved = Møtet er lagret.
flash-meeting-held = Møtet er lagret og merket som holdt.
flash-meeting-cancelled = Møtet er avlyst.
flash-meeting-restored = Møtet er gjeninnført.
flash-meeting-moved = Møtet er flyttet.
flash-meeting-held-stays = Et møte som er holdt, kan ikke avlyses.

error-bad-time = Det er ikke et klokkeslett. Bruk timer og minutter, for eksempel 09:00.
field-attendee-unknown = Oppmøte gjelder bare teamets medlemmer.
field-duration-invalid = Lengden er et helt antall minutter fra 5 til 480.
field-ends-before-start = Siste dag kan ikke være før første dag.
field-meeting-cancelled = Dette møtet er avlyst; gjeninnfør det først.
field-meeting-held = Et møte som er holdt, kan ikke avlyses.
field-presence-invalid = Velg til stede, fraværende eller meldt forfall for alle.
field-series-kind-invalid = Velg ukentlig eller kvartalsvis.
field-time-invalid = Skriv inn et klokkeslett, for eksempel 09:00.
field-weekday-invalid = Velg en ukedag.
teams-meetings = Møter
meetings-feed-new = Kalenderlenke
meetings-feed-renew = Ny kalenderlenke
meetings-feed-revoke = Stopp kalenderlenken
meetings-feed-title = Kalenderlenke
meetings-feed-lead = Abonner på denne adressen i Google Kalender, Outlook eller Apple Kalender, så dukker seriens møter opp der, også flyttede og avlyste.
meetings-feed-url = Adresse
meetings-feed-open = Åpne i kalenderappen min
meetings-feed-once = Kopier den nå: den vises bare denne ene gangen. Alle med adressen ser når møtene er, ikke noe mer. Hvis den kommer på avveie, lager du en ny lenke; den gamle slutter da å virke.
flash-feed-revoked = Kalenderlenken virker ikke lenger.
meetings-export = Eksport (CSV)
meetings-export-what = Hva
meetings-export-meetings = Møter
meetings-export-attendance = Oppmøte
meetings-export-check-ins = Innsjekker
meetings-export-download = Last ned
mail-meeting-subject = { $kind }, { $team }: i morgen
mail-meeting-body = { $kind } for { $team } er { $when } ({ $minutes } minutter).
mail-meeting-check-in = Sjekk inn på nøkkelresultatene dine før møtet, så kan dere bruke tiden på det som betyr noe:
mail-meeting-page = Møtesiden
mail-meeting-link-note = Lenken til innsjekk er bare din og virker uten innlogging, for nøkkelresultatene dine i møteuken. Ikke videresend denne e-posten.
mail-nudge-subject = Ukens innsjekk
mail-nudge-body = Noen av nøkkelresultatene dine har ingen innsjekk denne uken ennå. Det tar omtrent et minutt: ny verdi, hvor trygg du er, og et notat hvis du vil.
mail-nudge-button = Sjekk inn
mail-nudge-link-note = Knappen er bare din: den åpner ukens innsjekk uten innlogging, virker til søndag og kan slås av fra siden den åpner. Ikke videresend denne e-posten.
mail-nudge-off = Du får denne når ukens innsjekk mangler. Du slår den av nederst på innsjekksiden din.
mail-kind-meeting_reminder = møtepåminnelse
mail-kind-check_in_nudge = påminnelse om innsjekk
check-ins-nudges = E-postpåminnelser
check-ins-nudges-on = Du får en e-post når du ikke har sjekket inn innen { $day }.
check-ins-nudges-off = Du får ikke e-postpåminnelser om innsjekk.
check-ins-nudges-turn-off = Slå dem av
check-ins-nudges-turn-on = Slå dem på
flash-nudges-on = Påminnelser om innsjekk er slått på.
flash-nudges-off = Påminnelser om innsjekk er slått av.
field-check-in-values = Skriv hver nye verdi som et tall, for eksempel 27 eller 3,5, og velg hvor trygg du er. Ingenting ble lagret.
history-title = Importer møtehistorikk
history-lead = Ta med oppmøte fra møter dere holdt før Hverdag: en CSV-fil med én rad per person og møte, med kolonnene dato, e-post og oppmøte (til stede, fraværende eller forfall). Hver dato blir et holdt møte i teamets ukentlige serie. Alle rader sjekkes først; ingenting importeres med mindre alle radene er i orden.
history-file = CSV-fil
history-import = Importer
history-rows-wrong = { $count ->
    [one] Én rad må rettes; ingenting ble importert.
   *[other] { $count } rader må rettes; ingenting ble importert.
}
history-line = Linje { $line }
history-error-no-series = Teamet har ingen ukentlig møteserie ennå. Opprett en først; importerte møter hører til den.
history-error-header = Første linje må navngi kolonnene dato, e-post og oppmøte.
history-error-too-many = Filen har mer enn 20 000 rader; del den opp.
history-error-empty = Filen har ingen rader å importere.
history-error-row = Denne raden kan ikke leses.
history-error-date = Datoen må se ut som 2026-03-02 eller 02.03.2026.
history-error-future = Denne datoen er i fremtiden; bare historikk kan importeres.
history-error-person = Ingen i organisasjonen har denne e-postadressen.
history-error-attendance = Oppmøte må være til stede, fraværende eller forfall.
history-error-duplicate = Denne personen har allerede en rad for denne datoen.
flash-history-imported = { $count ->
    [one] Ett møte er importert.
   *[other] { $count } møter er importert.
}
follow-up-title = Oppfølging
follow-up-nudge-day = Påminnelser om innsjekk sendes fra
follow-up-nudge-hint = Eiere av nøkkelresultater uten innsjekk den uken får én e-post fra denne dagen (i organisasjonens tidssone). Hver person kan slå dem av.
follow-up-default = Standard ({ $day })
flash-follow-up-saved = Innstillingene for oppfølging er lagret.
flash-follow-up-saved-recompute = Innstillingene for oppfølging er lagret. Alle teamenes faser og varsler beregnes nå på nytt for de nye periodene i bakgrunnen; fremdriften vises på forankringsoversikten.
follow-up-periods = OKR-perioder
follow-up-periods-hint = Hvor lang tid organisasjonen planlegger mål for. Periodens OKR-møte åpner hver periode. Mål som alt er planlagt, beholder perioden sin.
periods-quarters = Kvartaler (2027-Q1, tre måneder)
periods-tertials = Tertialer (2027-T1, fire måneder)
periods-halves = Halvår (2027-H1, seks måneder)

# Agendaer organisasjonen og hvert team former.
agendas-title = Agendaer
agendas-lead = Agendaene for OKR-møtene, for alle team som ikke har tilpasset sin egen: ett punkt per linje, hvert med sin tidsramme. Møter som er holdt, beholder agendaen de ble holdt med.
agenda-team-title = { $team }: agendaer
agenda-team-lead = Det teamets OKR-møter går gjennom, punkt for punkt. Tilpass den til teamet; uten endringer følger den organisasjonens agenda.
agenda-read-only = Bare teamets medlemmer, ambassadører og ledere endrer teamets agendaer.
agenda-adjust = Tilpass agendaen
agenda-kind-weekly_results = Ukentlig resultatmøte
agenda-kind-quarterly = OKR-møte for perioden
language-en = Engelsk
language-nb = Norsk
agenda-source-built_in = Hverdags agenda
agenda-source-organisation = Organisasjonens agenda
agenda-source-team = Teamets egen agenda
agenda-total = { $n } minutter i alt
agenda-items = Punkter
agenda-items-hint = Ett punkt per linje: minuttene først, så hva som skal gjøres, f.eks. «5 Sjekk inn på hvert nøkkelresultat». Minuttene kan ikke til sammen være mer enn møtet.
agenda-use-org = Bruk organisasjonens agenda igjen
agenda-saved = Agendaen er lagret. Møter som er holdt, beholder sin.
agenda-reset = Teamet følger organisasjonens agenda igjen.
field-meeting-agenda-line = Begynn hver linje med minuttene, f.eks. «5 Innsjekk».
field-meeting-agenda-empty = En agenda trenger minst ett punkt.
field-meeting-agenda-too-many = En agenda kan ha høyst 20 punkter.
field-meeting-agenda-text = Hvert punkt trenger en tekst på høyst 300 tegn.
field-meeting-agenda-minutes = Gi hvert punkt mellom 1 og 240 minutter.
field-meeting-agenda-over-time = Tidsrammene er til sammen lengre enn møtet. Kort dem ned, eller gjør møtet lengre først.

# Kalenderinvitasjoner.
mail-kind-calendar_invitation = kalenderinvitasjon
mail-invitation-series = Du er invitert til { $summary }, hver uke fra { $when }. Legg den i kalenderen fra denne e-posten.
mail-invitation-series-subject = Invitasjon: { $summary }
mail-invitation-moved = Ett møte i { $summary } er flyttet til { $when }.
mail-invitation-moved-subject = Flyttet: { $summary }
mail-invitation-series-cancelled = { $summary } ligger ikke lenger i kalenderen din gjennom Hverdag.
mail-invitation-series-cancelled-subject = Avlyst: { $summary }
mail-invitation-cancelled = Møtet i { $summary } { $when } er avlyst.
mail-invitation-cancelled-subject = Avlyst: { $summary }, ett møte
mail-invitation-note = Hverdag sender disse invitasjonene for teamet ditt. Svar går til den som organiserer; endringer kommer fra Hverdag.
invitations-title = Kalenderinvitasjoner
invitations-on = Invitasjonene går til teamets medlemmer. Flyttes eller avlyses et møte, oppdateres kalenderne deres; de som går inn i eller ut av teamet, får eller mister serien.
invitations-off = Send teamets medlemmer en kalenderinvitasjon, så møtet ligger i Outlook, Google eller Apple Kalender som alle andre møter.
invitations-turn-on = Send kalenderinvitasjoner
invitations-turn-off = Stopp invitasjonene (avlyser serien i medlemmenes kalendere)
invitations-sent = Invitasjonene er på: teamets medlemmer får dem på e-post.
invitations-stopped = Invitasjonene er av: serien er avlyst i medlemmenes kalendere.
field-invitations-weekly-only = Kalenderinvitasjoner er for det ukentlige resultatmøtet.
field-invitations-ended = Denne serien er avsluttet.
