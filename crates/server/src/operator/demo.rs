//! `cjs demo`: demo contracts, payment groups and information-screen data for a newcomer.

use chrono::Utc;
use cjs_domain::{ContractKind, Service};

use super::Operator;
use super::contracts::ContractSpec;
use crate::config::Settings;

/// `cjs demo`: a member contract with 4 payment groups and an employer contract, printed with
/// their initial passwords so a newcomer can walk the manual at once.
pub fn demo(settings: Settings) -> anyhow::Result<()> {
    let mut op = Operator::open(settings)?;
    let member_pw = "Rokin#01";
    let employer_pw = "Zaikei#2";
    let (member, _) = op.create_contract(&ContractSpec {
        kind: ContractKind::Member,
        name: "中国労働組合連合会",
        name_kana: "ﾁｭｳｺﾞｸﾛｳﾄﾞｳｸﾐｱｲﾚﾝｺﾞｳｶｲ",
        branch: "本店営業部",
        initial_password: member_pw,
        number: None,
        payment_group: false,
    })?;
    let groups = [
        (
            "本部",
            "ﾎﾝﾌﾞ",
            Service::all_for(ContractKind::Member).to_vec(),
        ),
        (
            "岡山支部",
            "ｵｶﾔﾏｼﾌﾞ",
            vec![
                Service::RokinDeduction,
                Service::RokinDetailUpdate,
                Service::Ledger,
            ],
        ),
        (
            "広島支部",
            "ﾋﾛｼﾏｼﾌﾞ",
            vec![
                Service::RokinDeduction,
                Service::Ledger,
                Service::CollectiveSavings,
            ],
        ),
        ("山口支部", "ﾔﾏｸﾞﾁｼﾌﾞ", vec![Service::RokinDeduction]),
    ];
    let mut numbers = Vec::new();
    let mut member_groups = Vec::new();
    let mut deduction_groups = Vec::new();
    for (name, kana, services) in groups {
        let n = op.new_number(true)?;
        op.add_payment_group(&member, &n, name, kana, &services)?;
        numbers.push(format!("{n} {name}"));
        deduction_groups.push((n.clone(), kana.to_owned(), services.clone()));
        member_groups.push((n, services));
    }
    let (employer, group) = op.create_contract(&ContractSpec {
        kind: ContractKind::Employer,
        name: "株式会社ろうきん商事",
        name_kana: "ｶﾌﾞｼｷｶﾞｲｼｬﾛｳｷﾝｼｮｳｼﾞ",
        branch: "本店営業部",
        initial_password: employer_pw,
        number: None,
        payment_group: true,
    })?;
    super::info::demo_information(&mut op, &member, &member_groups, &employer, Utc::now())?;
    super::demo_deduction::demo_deduction(&mut op, &deduction_groups, Utc::now())?;
    super::demo_ledger::demo_ledger(&mut op, &deduction_groups, Utc::now())?;
    super::demo_collective::demo_collective(&mut op, &member_groups, Utc::now())?;
    if let Some(g) = group.as_deref() {
        super::demo_zaikei::demo_zaikei(&mut op, g, Utc::now())?;
    }
    println!(
        "デモ用の契約を作成しました（スケジュール・お知らせ・マニュアル、労金控除の明細と過去の控除依頼・結果、賃控元帳の種目・明細と前月の控除依頼・結果、一斉積立の受信データ、財形の預入依頼書・残高・奨励金を含む）。\n"
    );
    println!("会員 (労働組合)   契約番号 {member}   初期パスワード {member_pw}");
    for n in &numbers {
        println!("    入金グループ {n}");
    }
    println!("事業主           契約番号 {employer}   初期パスワード {employer_pw}");
    if let Some(g) = group {
        println!("    入金グループ {g}");
    }
    println!(
        "\n次に: トップページの「マスターユーザーの初期登録」で契約番号と初期パスワードを入力してください (README「Walking the manual」)。"
    );
    Ok(())
}
