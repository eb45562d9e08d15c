//! The database schema, kept by hand so that it uses only SQL types that both SQLite and
//! PostgreSQL share. Keep it in step with `migrations/sqlite` and `migrations/postgres`.

diesel::table! {
    organisations (id) {
        id -> Integer,
        name -> Text,
        slug -> Text,
        locale -> Text,
        time_zone -> Text,
        created_at -> Timestamp,
        nudge_weekday -> Nullable<Integer>,
        period_months -> Integer,
        adoption_thresholds -> Nullable<Text>,
        country -> Nullable<Text>,
    }
}

diesel::table! {
    /// A sign-in identity; its memberships of organisations are `people`.
    accounts (id) {
        id -> Integer,
        email -> Text,
        password_hash -> Nullable<Text>,
        locale -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A person of an organisation: an account's membership of it.
    people (id) {
        id -> Integer,
        org_id -> Integer,
        account_id -> Integer,
        name -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    person_roles (person_id, role) {
        org_id -> Integer,
        person_id -> Integer,
        role -> Text,
    }
}

diesel::table! {
    teams (id) {
        id -> Integer,
        org_id -> Integer,
        parent_id -> Nullable<Integer>,
        name -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    team_memberships (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Integer,
        person_id -> Integer,
        joined_on -> Date,
        left_on -> Nullable<Date>,
    }
}

diesel::table! {
    team_ambassadors (team_id, person_id) {
        org_id -> Integer,
        team_id -> Integer,
        person_id -> Integer,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        account_id -> Integer,
        org_id -> Integer,
        person_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        user_agent -> Nullable<Text>,
        address -> Nullable<Text>,
        last_seen_at -> Nullable<Timestamp>,
        sso_org_id -> Nullable<Integer>,
    }
}

diesel::table! {
    login_tokens (id) {
        id -> Integer,
        token_hash -> Text,
        org_id -> Integer,
        person_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        token_hash -> Text,
        org_id -> Integer,
        person_id -> Integer,
        name -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Integer,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
        at -> Timestamp,
        kind -> Text,
    }
}

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    practice_cases (id) {
        id -> Integer,
        org_id -> Integer,
        title -> Text,
        situation -> Text,
        model_answer -> Text,
        locale -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        archived -> Bool,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        org_id -> Nullable<Integer>,
        kind -> Text,
        to_address -> Text,
        to_name -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        channel_id -> Nullable<Integer>,
        dedupe_key -> Nullable<Text>,
        calendar -> Nullable<Text>,
    }
}

diesel::table! {
    channels (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Nullable<Integer>,
        kind -> Text,
        name -> Text,
        url_sealed -> Text,
        url_hint -> Text,
        posts_meetings -> Bool,
        posts_adoption -> Bool,
        status -> Text,
        problem -> Nullable<Text>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    rollouts (id) {
        id -> Integer,
        org_id -> Integer,
        name -> Text,
        all_teams -> Bool,
        prep_start -> Date,
        prep_end -> Date,
        workshop_start -> Date,
        workshop_end -> Date,
        followup_start -> Date,
        followup_end -> Date,
        routine_target -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rollout_teams (rollout_id, team_id) {
        org_id -> Integer,
        rollout_id -> Integer,
        team_id -> Integer,
    }
}

diesel::table! {
    checklist_items (id) {
        id -> Integer,
        org_id -> Integer,
        rollout_id -> Integer,
        phase -> Text,
        position -> Integer,
        seed_key -> Nullable<Text>,
        title -> Nullable<Text>,
        notes -> Text,
        owner_id -> Nullable<Integer>,
        due_on -> Nullable<Date>,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<Integer>,
    }
}

diesel::table! {
    surveys (id) {
        id -> Integer,
        org_id -> Integer,
        rollout_id -> Nullable<Integer>,
        title -> Text,
        intro -> Text,
        anonymous -> Bool,
        min_group_size -> Integer,
        opens_on -> Date,
        closes_on -> Date,
        reminder_days -> Integer,
        reminder_sent_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        baseline_id -> Nullable<Integer>,
    }
}

diesel::table! {
    survey_questions (id) {
        id -> Integer,
        org_id -> Integer,
        survey_id -> Integer,
        position -> Integer,
        kind -> Text,
        prompt -> Text,
        options -> Text,
        required -> Bool,
    }
}

diesel::table! {
    survey_invitations (id) {
        id -> Integer,
        org_id -> Integer,
        survey_id -> Integer,
        person_id -> Integer,
        team_id -> Nullable<Integer>,
        invited_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
        used -> Bool,
    }
}

diesel::table! {
    survey_links (id) {
        id -> Integer,
        org_id -> Integer,
        invitation_id -> Integer,
        token_hash -> Text,
    }
}

diesel::table! {
    survey_responses (id) {
        id -> Integer,
        org_id -> Integer,
        survey_id -> Integer,
        team_id -> Nullable<Integer>,
        person_id -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        sealed -> Bool,
    }
}

diesel::table! {
    survey_answers (id) {
        id -> Integer,
        org_id -> Integer,
        response_id -> Integer,
        question_id -> Integer,
        choice -> Nullable<Integer>,
        choices -> Nullable<Text>,
        text -> Nullable<Text>,
    }
}

diesel::table! {
    workshops (id) {
        id -> Integer,
        org_id -> Integer,
        rollout_id -> Nullable<Integer>,
        facilitator_id -> Integer,
        title -> Text,
        locale -> Text,
        join_code -> Text,
        agenda -> Text,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    workshop_participants (id) {
        id -> Integer,
        org_id -> Integer,
        workshop_id -> Integer,
        person_id -> Nullable<Integer>,
        display_name -> Text,
        resume_hash -> Text,
        facilitator -> Bool,
        joined_at -> Timestamp,
        last_seen_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    workshop_teams (workshop_id, team_id) {
        org_id -> Integer,
        workshop_id -> Integer,
        team_id -> Integer,
    }
}

diesel::table! {
    objectives (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Integer,
        period -> Text,
        title -> Text,
        owner_id -> Nullable<Integer>,
        workshop_id -> Nullable<Integer>,
        created_at -> Timestamp,
        description -> Text,
        status -> Text,
        archived_at -> Nullable<Timestamp>,
        aligned_to -> Nullable<Integer>,
    }
}

diesel::table! {
    org_objectives (id) {
        id -> Integer,
        org_id -> Integer,
        period -> Text,
        title -> Text,
        description -> Text,
        owner_id -> Nullable<Integer>,
        archived_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    key_results (id) {
        id -> Integer,
        org_id -> Integer,
        objective_id -> Integer,
        title -> Text,
        unit -> Text,
        start_value -> Double,
        target_value -> Double,
        current_value -> Double,
        owner_id -> Nullable<Integer>,
        created_at -> Timestamp,
        kind -> Text,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    workshop_checkpoints (workshop_id) {
        workshop_id -> Integer,
        org_id -> Integer,
        seq -> BigInt,
        state -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    workshop_events (id) {
        id -> Integer,
        org_id -> Integer,
        workshop_id -> Integer,
        seq -> BigInt,
        participant_id -> Nullable<Integer>,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(survey_invitations -> people (person_id));
diesel::joinable!(survey_links -> survey_invitations (invitation_id));
diesel::joinable!(survey_answers -> survey_responses (response_id));
diesel::joinable!(people -> organisations (org_id));
diesel::joinable!(person_roles -> people (person_id));
diesel::joinable!(team_memberships -> teams (team_id));
diesel::joinable!(team_memberships -> people (person_id));
diesel::joinable!(team_ambassadors -> teams (team_id));
diesel::joinable!(team_ambassadors -> people (person_id));
diesel::table! {
    check_ins (id) {
        id -> Integer,
        org_id -> Integer,
        key_result_id -> Integer,
        person_id -> Nullable<Integer>,
        value -> Double,
        confidence -> Text,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_series (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Integer,
        kind -> Text,
        weekday -> Integer,
        start_time -> Text,
        duration_minutes -> Integer,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        created_at -> Timestamp,
        feed_hash -> Nullable<Text>,
        invites_by -> Nullable<Integer>,
        invite_sequence -> Integer,
    }
}

diesel::table! {
    series_invitees (series_id, person_id) {
        series_id -> Integer,
        person_id -> Integer,
        org_id -> Integer,
    }
}

diesel::table! {
    meetings (id) {
        id -> Integer,
        org_id -> Integer,
        series_id -> Integer,
        team_id -> Integer,
        occurrence_on -> Date,
        local_date -> Date,
        starts_at -> Timestamp,
        status -> Text,
        notes -> Text,
        decisions -> Text,
        held_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
        agenda -> Nullable<Text>,
        invite_sequence -> Integer,
    }
}

diesel::table! {
    agendas (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Nullable<Integer>,
        kind -> Text,
        locale -> Text,
        items -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_in_nudges (person_id, week_start) {
        org_id -> Integer,
        person_id -> Integer,
        week_start -> Date,
    }
}

diesel::table! {
    nudge_opt_outs (person_id) {
        org_id -> Integer,
        person_id -> Integer,
    }
}

diesel::table! {
    attendance (meeting_id, person_id) {
        org_id -> Integer,
        meeting_id -> Integer,
        person_id -> Integer,
        status -> Text,
    }
}

diesel::table! {
    meeting_check_ins (meeting_id, check_in_id) {
        meeting_id -> Integer,
        check_in_id -> Integer,
    }
}

diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(people -> accounts (account_id));
diesel::joinable!(meetings -> meeting_series (series_id));
diesel::joinable!(attendance -> meetings (meeting_id));
diesel::joinable!(check_ins -> key_results (key_result_id));
diesel::joinable!(workshop_teams -> teams (team_id));
diesel::joinable!(key_results -> objectives (objective_id));
diesel::joinable!(login_tokens -> people (person_id));
diesel::joinable!(api_tokens -> people (person_id));
diesel::joinable!(mail_outbox -> channels (channel_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    organisations,
    people,
    person_roles,
    teams,
    team_memberships,
    team_ambassadors,
    sessions,
    login_tokens,
    api_tokens,
    login_attempts,
    server_secrets,
    practice_cases,
    mail_outbox,
    channels,
    agendas,
    series_invitees,
    rollouts,
    rollout_teams,
    checklist_items,
    surveys,
    survey_questions,
    survey_invitations,
    survey_links,
    survey_responses,
    survey_answers,
    workshops,
    workshop_participants,
    workshop_events,
    workshop_checkpoints,
    workshop_teams,
    objectives,
    key_results,
    check_ins,
    meeting_series,
    meetings,
    attendance,
    meeting_check_ins,
    check_in_nudges,
    nudge_opt_outs,
    org_objectives,
    adoption_weeks,
    adoption_alerts,
    adoption_computed,
    adoption_totals,
    adoption_standings,
    adoption_months,
    adoption_digests,
    digest_opt_outs,
    closures,
);

diesel::table! {
    adoption_computed (org_id) {
        org_id -> Integer,
        computed_at -> Timestamp,
    }
}

diesel::table! {
    adoption_totals (org_id, week_start, stage) {
        org_id -> Integer,
        week_start -> Date,
        stage -> Text,
        teams -> Integer,
        held -> Integer,
        due -> Integer,
        expected -> Integer,
        present -> Integer,
        active_krs -> Integer,
        checked_krs -> Integer,
        on_time_krs -> Integer,
    }
}

diesel::table! {
    adoption_months (team_id, month) {
        org_id -> Integer,
        team_id -> Integer,
        month -> Date,
        held -> Integer,
        due -> Integer,
        present -> Integer,
        expected -> Integer,
        checked -> Integer,
        on_time -> Integer,
        active -> Integer,
        first_held -> Nullable<Date>,
        routine_at_end -> Bool,
    }
}

diesel::table! {
    adoption_standings (team_id) {
        org_id -> Integer,
        team_id -> Integer,
        stage -> Text,
        streak -> Integer,
        since -> Nullable<Date>,
        held -> Integer,
        due -> Integer,
        present -> Integer,
        expected -> Integer,
        checked -> Integer,
        active -> Integer,
    }
}

diesel::table! {
    adoption_weeks (team_id, week_start) {
        org_id -> Integer,
        team_id -> Integer,
        week_start -> Date,
        state -> Text,
        expected -> Integer,
        present -> Integer,
        active_krs -> Integer,
        checked_krs -> Integer,
        on_time_krs -> Integer,
        quarterly_held -> Bool,
        streak -> Integer,
        level -> Text,
        stage -> Text,
    }
}

diesel::table! {
    adoption_alerts (id) {
        id -> Integer,
        org_id -> Integer,
        team_id -> Integer,
        kind -> Text,
        first_week -> Date,
        last_week -> Date,
        value -> Nullable<Double>,
        baseline -> Nullable<Double>,
        created_at -> Timestamp,
        acknowledged_at -> Nullable<Timestamp>,
        acknowledged_by -> Nullable<Integer>,
        note -> Text,
        weeks -> Integer,
    }
}

diesel::joinable!(adoption_weeks -> teams (team_id));
diesel::joinable!(adoption_alerts -> teams (team_id));

diesel::table! {
    adoption_digests (person_id, week_start) {
        org_id -> Integer,
        person_id -> Integer,
        week_start -> Date,
    }
}

diesel::table! {
    digest_opt_outs (person_id) {
        org_id -> Integer,
        person_id -> Integer,
    }
}

diesel::table! {
    closures (id) {
        id -> Integer,
        org_id -> Integer,
        name -> Text,
        kind -> Text,
        first_week -> Nullable<Integer>,
        last_week -> Nullable<Integer>,
        first_date -> Nullable<Date>,
        last_date -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(closures -> organisations (org_id));

diesel::table! {
    adoption_jobs (id) {
        id -> Integer,
        org_id -> Integer,
        reason -> Text,
        status -> Text,
        teams_total -> Integer,
        teams_done -> Integer,
        cursor_team_id -> Nullable<Integer>,
        locked_by -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        error -> Nullable<Text>,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        org_id -> Integer,
        at -> Timestamp,
        person_id -> Nullable<Integer>,
        api_token_id -> Nullable<Integer>,
        actor_name -> Text,
        address -> Nullable<Text>,
        entity -> Text,
        entity_id -> Nullable<Integer>,
        label -> Text,
        action -> Text,
        changes -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(audit_log, api_tokens);
diesel::allow_tables_to_appear_in_same_query!(audit_log, people);

diesel::table! {
    invites (id) {
        id -> Integer,
        org_id -> Integer,
        email -> Text,
        name -> Text,
        role -> Text,
        team_id -> Nullable<Integer>,
        token_hash -> Text,
        invited_by -> Integer,
        created_at -> Timestamp,
        sent_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        person_id -> Nullable<Integer>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(invites, organisations);
diesel::allow_tables_to_appear_in_same_query!(invites, teams);

diesel::table! {
    /// An organisation's single sign-on (OpenID Connect) provider.
    sso_configs (org_id) {
        org_id -> Integer,
        issuer -> Text,
        client_id -> Text,
        client_secret -> Text,
        new_people -> Text,
        required -> Bool,
        break_glass_id -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The email domains that lead the sign-in page to an organisation's provider.
    sso_domains (domain) {
        domain -> Text,
        org_id -> Integer,
    }
}

diesel::table! {
    /// An account's link to a provider's (issuer, subject).
    account_identities (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        account_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Sign-ins sent to a provider and not back yet.
    sso_requests (id) {
        id -> Integer,
        state_hash -> Text,
        org_id -> Integer,
        nonce -> Text,
        pkce_verifier -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// Personal check-in links mailed with the weekly nudge.
    check_in_links (id) {
        id -> Integer,
        token_hash -> Text,
        org_id -> Integer,
        person_id -> Integer,
        week_start -> Date,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(check_in_links -> people (person_id));
diesel::allow_tables_to_appear_in_same_query!(check_in_links, people);
diesel::allow_tables_to_appear_in_same_query!(check_in_links, organisations);
diesel::allow_tables_to_appear_in_same_query!(check_in_links, accounts);
diesel::allow_tables_to_appear_in_same_query!(check_in_links, person_roles);
