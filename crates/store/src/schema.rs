//! The schema, written once for both backends (the migrations folders hold the DDL per backend).

diesel::table! {
    /// Facts the installation keeps about itself.
    app_meta (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Background jobs' leases: who may run a job now, and its last completed run.
    job_leases (job) {
        job -> Text,
        holder -> Text,
        expires_at -> Timestamp,
        last_run_at -> Nullable<Timestamp>,
        last_holder -> Nullable<Text>,
        runs -> BigInt,
    }
}

diesel::table! {
    /// 契約: one per union or employer; the bank opens it and sets the initial password.
    contracts (contract_number) {
        contract_number -> Text,
        kind -> Text,
        name -> Text,
        name_kana -> Text,
        branch -> Text,
        initial_password_hash -> Text,
        failures -> Integer,
        locks -> Integer,
        locked_at -> Nullable<Timestamp>,
        locked_until -> Nullable<Timestamp>,
        blocked_at -> Nullable<Timestamp>,
        lock_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 入金グループ.
    payment_groups (number) {
        number -> Text,
        contract_number -> Text,
        name -> Text,
        name_kana -> Text,
        services -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// マスターユーザー / 一般ユーザー.
    users (user_id) {
        user_id -> Text,
        contract_number -> Text,
        role -> Text,
        user_name -> Text,
        email -> Text,
        password_hash -> Text,
        must_change_password -> Bool,
        rokin_deduction -> Text,
        ledger -> Text,
        collective_savings -> Text,
        failures -> Integer,
        locks -> Integer,
        locked_at -> Nullable<Timestamp>,
        locked_until -> Nullable<Timestamp>,
        blocked_at -> Nullable<Timestamp>,
        lock_version -> Integer,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 電子証明書: what was issued (the private key is never kept).
    certificates (serial) {
        serial -> Text,
        user_id -> Text,
        contract_number -> Text,
        thumbprint -> Text,
        not_before -> Timestamp,
        not_after -> Timestamp,
        issued_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revocation_reason -> Nullable<Text>,
        notified_expiring_at -> Nullable<Timestamp>,
        notified_expired_at -> Nullable<Timestamp>,
        notice_claim -> Nullable<Text>,
        notice_claimed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    registration_tokens (token_hash) {
        token_hash -> Text,
        contract_number -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The e-mailed code for certificate issuance (hashed) and the issue token it yields.
    cert_challenges (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        sealed_password -> Text,
        expires_at -> Timestamp,
        attempts -> Integer,
        verified_at -> Nullable<Timestamp>,
        issue_token_hash -> Nullable<Text>,
        issued_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A login, bound to the certificate it was made with.
    sessions (id) {
        id -> Text,
        user_id -> Text,
        cert_thumbprint -> Text,
        payment_group -> Nullable<Text>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    /// 操作ログ: append-only, each row chained to the previous by hash.
    operation_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        contract_number -> Nullable<Text>,
        user_id -> Nullable<Text>,
        screen_id -> Text,
        action -> Text,
        target -> Text,
        result -> Text,
        detail -> Text,
        client_addr -> Text,
        cert_thumbprint -> Text,
        request_id -> Text,
        prev_hash -> Text,
        hash -> Text,
        business_function -> Text,
    }
}

diesel::table! {
    /// 控除スケジュール: one row per payment group, occasion and 控除年月.
    cycles (payment_group, occasion, month) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        deadline -> Date,
        request_received -> Nullable<Date>,
        result_received -> Nullable<Date>,
        payday -> Date,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 一斉積立: the header of each data set the bank sent.
    collective_runs (payment_group, run_no) {
        payment_group -> Text,
        run_no -> Integer,
        name -> Text,
        received_on -> Date,
        kind -> Text,
        created_at -> Timestamp,
        origin -> Text,
        previous_run_no -> Nullable<Integer>,
    }
}

diesel::table! {
    /// 財形: the latest 作成基準日 per document.
    employer_documents (payment_group, document) {
        payment_group -> Text,
        document -> Text,
        base_date -> Date,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// お知らせ.
    notices (id) {
        id -> Text,
        published_on -> Date,
        subject -> Text,
        body -> Text,
        until -> Nullable<Date>,
        target_kind -> Nullable<Text>,
        target_contract -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// マニュアル照会: the PDF lives in the data directory.
    manuals (id) {
        id -> Text,
        name -> Text,
        comment -> Text,
        target_kind -> Nullable<Text>,
        file_name -> Text,
        size -> BigInt,
        sha256 -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 労金控除: the group's まとめ入金 入金先 (set by the bank).
    deduction_payees (payment_group) {
        payment_group -> Text,
        branch_no -> Text,
        branch_name -> Text,
        account_kind -> Text,
        account_no -> Text,
        account_name_kana -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 労金控除明細.
    deduction_details (id) {
        id -> Text,
        payment_group -> Text,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Text,
        product_code -> Text,
        branch_no -> Text,
        account_no -> Text,
        amount_monthly -> BigInt,
        amount_summer -> BigInt,
        amount_year_end -> BigInt,
        start_month -> Date,
        end_month -> Nullable<Date>,
        state -> Text,
        source -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 労金控除明細更新履歴: one row per version of a detail.
    deduction_history (detail_id, version) {
        detail_id -> Text,
        version -> Integer,
        payment_group -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        user_name -> Text,
        action -> Text,
        source -> Text,
        employee_no -> Text,
        kana_name -> Text,
    }
}

diesel::table! {
    /// 変更内容: before → after per changed item.
    deduction_history_fields (detail_id, version, field) {
        detail_id -> Text,
        version -> Integer,
        field -> Text,
        seq -> Integer,
        before_value -> Nullable<Text>,
        after_value -> Nullable<Text>,
    }
}

diesel::table! {
    /// 控除依頼 of one cycle, and its まとめ入金.
    deduction_runs (payment_group, occasion, month) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        origin -> Text,
        created_at -> Timestamp,
        lump_state -> Text,
        version -> Integer,
        confirmed_count -> Nullable<BigInt>,
        confirmed_amount -> Nullable<BigInt>,
        excluded_count -> Nullable<BigInt>,
        excluded_amount -> Nullable<BigInt>,
        confirmed_by -> Nullable<Text>,
        confirmed_at -> Nullable<Timestamp>,
        taken_at -> Nullable<Timestamp>,
        payee_branch_no -> Nullable<Text>,
        payee_branch_name -> Nullable<Text>,
        payee_account_kind -> Nullable<Text>,
        payee_account_no -> Nullable<Text>,
        payee_account_name_kana -> Nullable<Text>,
        results_loaded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// 控除依頼明細: the lines of a cycle, with 入金中止 and results.
    deduction_lines (payment_group, occasion, month, line_no) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        line_no -> Integer,
        detail_id -> Nullable<Text>,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Nullable<Text>,
        product_code -> Text,
        product_name -> Text,
        branch_no -> Text,
        account_no -> Text,
        amount -> BigInt,
        previous_amount -> Nullable<BigInt>,
        movement -> Text,
        counter -> Bool,
        error -> Nullable<Text>,
        stop_reason -> Nullable<Text>,
        stop_text -> Nullable<Text>,
        stopped_by -> Nullable<Text>,
        stopped_at -> Nullable<Timestamp>,
        result -> Nullable<Text>,
        result_reason -> Nullable<Text>,
        result_text -> Nullable<Text>,
        bank_kana -> Nullable<Text>,
        kana_mismatch -> Nullable<Bool>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    sessions,
    users,
    contracts,
    certificates,
    payment_groups
);

diesel::table! {
    /// The number of a cycle's 控除依頼 lines, kept by triggers on `deduction_lines`.
    deduction_line_counts (payment_group, occasion, month) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        n -> BigInt,
    }
}

diesel::table! {
    /// The number of a run's 一斉積立内訳明細, kept by triggers on `collective_lines`.
    collective_line_counts (payment_group, run_no) {
        payment_group -> Text,
        run_no -> Integer,
        n -> BigInt,
    }
}

diesel::table! {
    /// The number of a cycle's 財形積立明細, kept by triggers on `zaikei_lines`.
    zaikei_line_counts (payment_group, document, base_date) {
        payment_group -> Text,
        document -> Text,
        base_date -> Date,
        n -> BigInt,
    }
}

diesel::table! {
    /// The number of a group's 賃控元帳明細 per state, kept by triggers on `ledger_lines`
    /// (migration 2024-05-15-000000_list_paging) in the transaction that writes the lines.
    ledger_line_counts (payment_group, state) {
        payment_group -> Text,
        state -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    /// The number of a group's 労金控除明細 per state, kept by triggers on `deduction_details`
    /// (migration 2024-05-15-000000_list_paging) in the transaction that writes the details.
    deduction_detail_counts (payment_group, state) {
        payment_group -> Text,
        state -> Text,
        n -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    deduction_details,
    deduction_detail_counts,
    deduction_history,
    deduction_history_fields,
    deduction_runs,
    deduction_lines,
    deduction_payees
);

diesel::table! {
    /// 一斉積立内訳明細: one line per member of a run.
    collective_lines (payment_group, run_no, line_no) {
        payment_group -> Text,
        run_no -> Integer,
        line_no -> Integer,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Nullable<Text>,
        branch_no -> Text,
        account_no -> Text,
        amount -> BigInt,
    }
}

diesel::table! {
    /// 一斉積立変更明細: a run against its previous run, made at load.
    collective_changes (payment_group, run_no, change_no) {
        payment_group -> Text,
        run_no -> Integer,
        change_no -> Integer,
        kind -> Text,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Nullable<Text>,
        before_branch_no -> Nullable<Text>,
        before_account_no -> Nullable<Text>,
        before_amount -> Nullable<BigInt>,
        after_branch_no -> Nullable<Text>,
        after_account_no -> Nullable<Text>,
        after_amount -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// 財形: one data set per document and 作成基準日.
    zaikei_cycles (payment_group, document, base_date) {
        payment_group -> Text,
        document -> Text,
        base_date -> Date,
        deposit_date -> Nullable<Date>,
        previous_base_date -> Nullable<Date>,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    /// 財形積立明細: per employee and 財形種類.
    zaikei_lines (payment_group, document, base_date, line_no) {
        payment_group -> Text,
        document -> Text,
        base_date -> Date,
        line_no -> Integer,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Nullable<Text>,
        kind -> Text,
        branch_no -> Text,
        account_no -> Text,
        amount -> BigInt,
        incentive -> BigInt,
    }
}

diesel::table! {
    /// 財形積立変更明細 (預入依頼書): a cycle against the previous one, made at load.
    zaikei_changes (payment_group, document, base_date, change_no) {
        payment_group -> Text,
        document -> Text,
        base_date -> Date,
        change_no -> Integer,
        change_kind -> Text,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Nullable<Text>,
        kind -> Text,
        before_branch_no -> Nullable<Text>,
        before_account_no -> Nullable<Text>,
        before_amount -> Nullable<BigInt>,
        before_incentive -> Nullable<BigInt>,
        after_branch_no -> Nullable<Text>,
        after_account_no -> Nullable<Text>,
        after_amount -> Nullable<BigInt>,
        after_incentive -> Nullable<BigInt>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    collective_runs,
    collective_lines,
    collective_changes
);

diesel::allow_tables_to_appear_in_same_query!(
    zaikei_cycles,
    zaikei_lines,
    zaikei_changes,
    employer_documents
);

diesel::table! {
    /// 賃控元帳種目.
    ledger_items (id) {
        id -> Text,
        payment_group -> Text,
        code -> Text,
        name -> Text,
        display_order -> Integer,
        kind -> Text,
        monthly -> Bool,
        bonus -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 賃控元帳明細: current amounts from `amounts_from`, the prior ones before it.
    ledger_lines (id) {
        id -> Text,
        payment_group -> Text,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Text,
        item_id -> Text,
        amount_monthly -> BigInt,
        amount_summer -> BigInt,
        amount_year_end -> BigInt,
        amounts_from -> Date,
        prior_monthly -> Nullable<BigInt>,
        prior_summer -> Nullable<BigInt>,
        prior_year_end -> Nullable<BigInt>,
        start_month -> Date,
        end_month -> Nullable<Date>,
        state -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 賃控元帳明細更新履歴: one row per version of a line, the changed items as JSON.
    ledger_history (line_id, version) {
        line_id -> Text,
        version -> Integer,
        payment_group -> Text,
        at -> Timestamp,
        user_id -> Nullable<Text>,
        user_name -> Text,
        operation -> Text,
        screen_id -> Text,
        employee_no -> Text,
        kana_name -> Text,
        item_code -> Text,
        changes -> Text,
    }
}

diesel::table! {
    /// 賃控元帳控除依頼: one per payment group, 支給区分 and 控除年月.
    ledger_runs (payment_group, occasion, month) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
        created_by_name -> Text,
        line_count -> BigInt,
        total -> BigInt,
        results_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    /// 賃控元帳控除依頼明細 with its 控除結果.
    ledger_run_lines (payment_group, occasion, month, line_no) {
        payment_group -> Text,
        occasion -> Text,
        month -> Date,
        line_no -> Integer,
        line_id -> Nullable<Text>,
        employee_no -> Text,
        kana_name -> Text,
        kanji_name -> Text,
        item_code -> Text,
        item_name -> Text,
        item_kind -> Text,
        item_order -> Integer,
        amount -> BigInt,
        result -> Nullable<Text>,
        result_reason -> Nullable<Text>,
        result_text -> Nullable<Text>,
        result_by -> Nullable<Text>,
        result_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(ledger_lines -> ledger_items (item_id));

diesel::allow_tables_to_appear_in_same_query!(
    ledger_items,
    ledger_lines,
    ledger_history,
    ledger_runs,
    ledger_run_lines
);
