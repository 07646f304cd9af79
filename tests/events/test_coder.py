"""Coder rules, each on sentences written for it."""

from __future__ import annotations

import pytest

from dragoman.schemas import Article


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text, date="2021-06-01"):
        import datetime as dt

        article = Article("t", text, date=dt.date.fromisoformat(date))
        return next(pipeline.process([article])).events

    return run


def triples(events):
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo.code)
        for e in events
    }


def test_active_and_passive(code):
    assert ("IGOEUR", "BLR", "163") in triples(
        code("The European Union imposed sanctions on Belarus.")
    )
    passive = triples(code("Sanctions were imposed on Belarus by the European Union."))
    assert any(s == "IGOEUR" and t == "BLR" and c.startswith("16") for s, t, c in passive)


def test_event_noun_with_possessive_and_by_phrase(code):
    assert ("SAU", "QAT", "191") in triples(
        code("The blockade on Qatar by Saudi Arabia lasted three years.")
    )
    visits = triples(code("Erdogan's visit to Baghdad lasted two days.", "2023-03-01"))
    assert any(s and s.startswith("TUR") and t == "IRQ" and c == "042" for s, t, c in visits)


def test_compound_actors_give_one_event_each(code):
    found = triples(code("Qatar opposed the policies of the UAE, Saudi Arabia, and Egypt."))
    assert {t for s, t, _ in found if s == "QAT"} >= {"ARE", "SAU", "EGY"}


def test_reciprocal_meeting(code):
    found = triples(code("Jordan and Britain signed a defence agreement on Monday."))
    assert {("JOR", "GBR"), ("GBR", "JOR")} <= {(s, t) for s, t, _ in found}


def test_negation_is_flagged_not_inverted(code):
    (event,) = [
        e for e in code("Iran did not attack the tanker near Oman.") if e.cameo.root in ("18", "19")
    ] or [None]
    if event is not None:
        assert event.modality.negated
    met = [e for e in code("Macron did not meet Putin in Moscow.") if e.cameo.root == "04"]
    assert met and all(e.modality.negated for e in met)


def test_a_neither_nor_subject_negates(code):
    events = code("Neither Quito nor Bogota has expelled any diplomats over the dispute.")
    expelled = [e for e in events if e.cameo.root == "16"]
    assert expelled and all(e.modality.negated for e in expelled)
    kept = [e for e in code("Quito expelled two Colombian diplomats.") if e.cameo.root == "16"]
    assert kept and not any(e.modality.negated for e in kept)


def test_intent_becomes_cameo_03(code):
    events = code("Qatar intends to increase its security cooperation with Iraq.")
    assert any(e.cameo.root == "03" and e.modality.intent for e in events)


def test_hedges_and_reports(code):
    events = code("Iran may attack Israel, according to officials.")
    assert events and all(e.modality.hypothetical and e.modality.reported for e in events)


def test_reported_speech_codes_the_inner_event(code):
    events = code("Armenia said Azerbaijani troops had shelled border villages.")
    assert any(
        e.source and e.source.code.startswith("AZE") and e.cameo.root in ("18", "19")
        for e in events
    )
    assert not any(e.cameo.root == "01" for e in events)


def test_purpose_clause_is_an_intended_meeting(code):
    events = code("Iraq's interior minister flew to Doha to meet Qatari officials.")
    assert any(e.cameo.code == "042" for e in events)
    assert any(e.cameo.code == "036" and e.modality.intent for e in events)


def test_no_default_code_for_unknown_verbs(code):
    assert code("Iran zorbled Iraq on Monday.") == []


def test_target_found_in_the_predicates_own_phrase(code):
    found = triples(code("Kuwait praised its growing trade ties with Indonesia on Monday."))
    assert any(s == "KWT" and t == "IDN" for s, t, _ in found)
    deployed = triples(code("Niger sent extra troops to the border region near Burkina Faso."))
    assert any(s == "NER" and t == "BFA" and c.startswith("15") for s, t, c in deployed)


def test_a_place_is_only_a_setting_for_a_meeting(code):
    found = triples(code("The Kenyan foreign minister met reporters in Addis Ababa."))
    assert all(t != "ETH" for _, t, _ in found)


def test_protesters_address_their_own_government(code):
    (event,) = [
        e
        for e in code("Thousands of Chilean students marched against tuition fees.")
        if e.cameo.root == "14"
    ]
    assert event.target.code == "CHLGOV" and event.target.kind == "implied"
    assert event.target.name == "government of Chile"
    named = triples(code("Farmers in Poland protested outside the European Commission office."))
    assert all(t != "POLGOV" for s, t, c in named if c.startswith("14") and t is not None)


def test_force_against_a_place_falls_on_its_civilians(code):
    found = triples(code("Russian artillery shelled Kharkiv overnight."))
    assert any(s and s.startswith("RUS") and t == "UKRCVL" for s, t, _ in found)
    taken = triples(code("Rebels captured the town of Bunia on Friday."))
    assert all(t != "CODCVL" for _, t, c in taken if c == "192")


def test_verbs_the_lemmatizer_gets_wrong_are_still_found(code):
    found = triples(code("Nurses in Accra staged a walkout over unpaid wages."))
    assert any(c.startswith("14") for _, _, c in found)
    fought = triples(code("The Tuareg rebels waged war against Mali's government."))
    assert any(c.startswith("19") for _, _, c in fought)


def test_declared_force_is_a_threat_but_a_purpose_is_not(code):
    vowed = [e for e in code("Tehran vowed to retaliate against Israel.") if e.cameo.root == "13"]
    assert vowed and vowed[0].cameo.code.startswith("138")
    sent = triples(code("Kenya sent police officers to Haiti to fight the gangs."))
    assert not any(c.startswith("13") for _, _, c in sent)


def test_noun_of_noun_names_an_event(code):
    found = triples(code("Ecuador declared a state of emergency in three provinces."))
    assert any(s == "ECU" and c == "1724" for s, _, c in found)


def test_what_two_actors_agree_to_do_they_do_to_each_other(code):
    found = triples(code("Armenia and Azerbaijan agreed to exchange prisoners of war."))
    assert {("ARM", "AZE"), ("AZE", "ARM")} <= {(s, t) for s, t, c in found if c.startswith("03")}


def test_amounts_in_and_stacked_prepositions(code):
    cut = triples(code("Berlin suspended 40 million euros in development aid to Niger."))
    assert any(s == "DEU" and t == "NER" and c.startswith("16") for s, t, c in cut)
    left = triples(code("Russian troops pulled out of the Ukrainian town of Kupiansk."))
    assert any(s and s.startswith("RUS") and c.startswith("087") for s, _, c in left)


def test_protesters_demanding_are_demonstrating(code):
    found = triples(code("Protesters in Lima demanded the resignation of the president."))
    assert any(s == "PERCVL" and c.startswith("141") for s, _, c in found)
    blocked = triples(code("Kenyan traders blocked roads in Nairobi, demanding lower taxes."))
    assert not any(c.startswith("10") for _, _, c in blocked)


def test_a_participle_pronoun_object_is_the_main_verbs_target(code):
    found = triples(code("Mali expelled the French ambassador, accusing him of interference."))
    assert ("MLI", "FRAGOV", "112") in found or any(
        s == "MLI" and t and t.startswith("FRA") and c.startswith("11") for s, t, c in found
    )


def test_a_deployment_is_aimed_at_its_occasion(code):
    found = triples(
        code("Estonia put its army on alert after Russian warplanes violated its airspace.")
    )
    assert any(s == "EST" and t and t.startswith("RUS") and c.startswith("15") for s, t, c in found)


def test_a_pronoun_opening_what_an_actor_says_is_that_actor(code):
    found = triples(code("The Houthis said they were ready to release all Saudi prisoners."))
    assert any(s and s.startswith("YEMREB") and c.startswith("03") for s, _, c in found)


def test_forces_deployed_without_an_agent_deploy_themselves(code):
    found = triples(code("Hundreds of Kenyan police officers were deployed in Nairobi on Monday."))
    assert any(s == "KENCOP" and c.startswith("15") for s, _, c in found)


def test_a_participle_repeating_a_meeting_is_no_second_event(code):
    found = code("Egypt's foreign minister met with his Jordanian counterpart, discussing trade.")
    assert len([e for e in found if e.cameo.root == "04"]) == 1


def test_deaths_from_nature_or_accidents_are_no_events(code):
    for text in (
        "An earthquake struck western Afghanistan on Saturday, killing at least 100 people.",
        "Lebanon appealed for help after a huge fire killed dozens in Beirut's port.",
        "A ferry capsized off the coast of Tanzania, killing 40 passengers.",
    ):
        assert not [e for e in code(text) if e.cameo.root in ("18", "19", "20")], text


def test_cargo_compound_names_and_months(code):
    sent = triples(code("Qatar sent a plane carrying medical supplies to Kabul."))
    assert any(s == "QAT" and t == "AFG" and c.startswith("07") for s, t, c in sent)
    delivered = triples(
        code("Moscow completed the delivery of the S-300 air defence system to Syria.")
    )
    assert any(s == "RUS" and t == "SYR" and c == "072" for s, t, c in delivered)
    assert not [
        e for e in code("Protesters in Lima gathered in March.") if e.trigger.text == "March"
    ]


def test_mediators_mediate_with_each_party(code):
    found = triples(
        code("Armenia and Azerbaijan held talks in Rome under the auspices of the United States.")
    )
    assert {("USA", "ARM", "045"), ("USA", "AZE", "045")} <= found
    brokered = triples(code("Israel and Hamas agreed to a ceasefire brokered by Egypt and Qatar."))
    assert {("EGY", "ISR", "045"), ("QAT", "ISR", "045")} <= brokered
    assert ("EGY", "QAT", "045") not in brokered  # mediators do not mediate with each other
    hosted = triples(
        code("Iran and the United States held talks in Muscat, with Oman acting as mediator.")
    )
    assert ("OMN", "IRN", "045") in hosted and ("IRN", "OMN", "040") not in hosted


def test_whom_an_actor_allows_to_act_is_the_target(code):
    found = triples(code("Israel allowed UN aid convoys to enter northern Gaza."))
    assert any(s == "ISR" and c.startswith("086") for s, _, c in found)


def test_a_statement_of_mood_is_a_pessimistic_or_optimistic_comment(code):
    gloomy = triples(
        code("Pakistan's prime minister said he was pessimistic about relations with India.")
    )
    assert any(s == "PAKGOV" and t == "IND" and c == "012" for s, t, c in gloomy)
    hopeful = triples(code("The Philippine president said he was hopeful about the talks."))
    assert any(s == "PHLGOV" and c == "013" for s, _, c in hopeful)


def test_a_light_verbs_preposition_can_introduce_the_nouns_target(code):
    found = triples(
        code("Washington completed the delivery of the Patriot air defence system to Kyiv.")
    )
    assert ("USA", "UKR", "072") in found


def test_the_visit_that_sets_the_scene_is_the_subjects(code):
    found = triples(
        code("During a visit to Hanoi, Indonesia's president voiced support for Vietnam.")
    )
    assert any(s == "IDNGOV" and t == "VNM" and c == "042" for s, t, c in found)
    assert not any(
        c == "040"
        for _, _, c in triples(
            code("Armenia and Azerbaijan agreed to a ceasefire after talks in Moscow.")
        )
    )


def test_accord_voiced_together_is_with_each_other(code):
    found = triples(code("Kenya and Tanzania voiced agreement on the need for a ceasefire."))
    assert {("KEN", "TZA", "019"), ("TZA", "KEN", "019")} <= found


def test_a_weapon_named_in_the_event_is_not_its_target(code):
    found = triples(code("Indian and Pakistani troops exchanged artillery fire in Kashmir."))
    assert any(s == "INDMIL" and t == "PAKMIL" and c.startswith("19") for s, t, c in found)
    assert not any(s == t for s, t, _ in found)


def test_a_promise_is_an_intent_to_cooperate_even_for_acts_the_lexicon_lacks(code):
    found = code("Japan and India pledged on Monday to build a high-speed railway.")
    assert {("JPN", "IND", "030"), ("IND", "JPN", "030")} <= triples(found)
    assert all(e.modality.intent for e in found)
    said = triples(code("The World Bank said it was prepared to enlarge its programme for Ghana."))
    assert ("IGOWBK", "GHA", "030") in said


def test_a_curfew_falls_on_the_countrys_civilians(code):
    found = code("The Bangladeshi government imposed a nationwide curfew on Friday.")
    (curfew,) = [e for e in found if e.cameo.code == "1723"]
    assert curfew.target.code == "BGDCVL" and curfew.target.kind == "implied"


def test_a_particle_before_the_object_matches_the_pattern(code):
    assert ("ISR", None, "154") in triples(code("Israel called up 300,000 reservists."))
    assert ("KEN", "UGA", "063") in triples(code("Kenya handed over a suspect to Uganda."))


def test_joint_cooperation_is_coded_once(code):
    found = triples(code("Ethiopia and Djibouti launched a joint railway project."))
    assert not any(c == "060" for _, _, c in found)
    assert ("ETH", "DJI", "061") in found


def test_help_names_who_benefits(code):
    found = triples(code("Chile and Peru sent firefighting aircraft to help Bolivia battle fires."))
    assert {("CHL", "BOL", "073"), ("PER", "BOL", "073")} <= found
    troops = triples(code("Chad sent 2,000 soldiers to Mali to help fight jihadist insurgents."))
    assert ("TCD", "MLI", "074") in troops


def test_whom_an_appeal_would_help_is_not_whom_it_is_made_to(code):
    found = triples(code("UNICEF appealed for 300 million dollars to help Afghan children."))
    assert not any(t and t.startswith("AFG") for _, t, _ in found)


def test_protesters_using_force_are_rioting(code):
    found = triples(code("Rioters attacked police stations in several Chilean cities."))
    assert ("CHLCVL", "CHLCOP", "145") in found
    assert not any(c.startswith("18") for _, _, c in found)


def test_small_clauses_and_objects_hung_on_the_object(code):
    guilty = triples(code("A Kenyan court found a former county governor guilty of fraud."))
    assert ("KENJUD", "KENGOV", "116") in guilty
    stripped = triples(code("Belarus stripped 40 political opponents of their citizenship."))
    assert any(s == "BLR" and t == "BLROPP" and c.startswith("17") for s, t, c in stripped)


def test_a_survivor_is_the_target_of_the_attempt(code):
    found = triples(code("Ecuador's president survived an assassination attempt in Quito."))
    assert any(s is None and t == "ECUGOV" and c.startswith("18") for s, t, c in found)


def test_what_is_asked_for_or_refused_has_not_happened(code):
    found = code("China turned down a request from Sri Lanka to restructure its debt.")
    assert not any(e.cameo.root == "07" and not e.modality.hypothetical for e in found)
    assert any(e.cameo.root == "12" and e.source.code == "CHN" for e in found)


def test_an_inquiry_into_an_incident_does_not_target_its_victims(code):
    found = triples(code("Nigerian police are investigating the abduction of Italian engineers."))
    assert any(s == "NGACOP" and t is None and c.startswith("09") for s, t, c in found)


def test_a_threat_is_aimed_at_whoever_its_condition_names(code):
    found = triples(code("Turkey warned it would retaliate if Greek jets entered its airspace."))
    assert any(s == "TUR" and t and t.startswith("GRC") and c.startswith("13") for s, t, c in found)


def test_the_one_acted_on_acts_next_in_a_coordination(code):
    found = triples(code("Kenya's president was shocked by the raid and condemned Uganda."))
    assert any(s == "KENGOV" and t == "UGA" and c.startswith("11") for s, t, c in found)


def test_a_leaders_own_parliament_is_an_audience(code):
    found = triples(code("Somalia's president told lawmakers that the vote would go ahead."))
    assert not any(t == "SOMLEG" and c.startswith("01") for _, t, c in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran pressed the United States to lift sanctions.", ("IRN", "USA", "0254")),
        ("Iran threatened to cut ties with Bahrain.", ("IRN", "BHR", "1313")),
        ("Kyiv demanded that Russia withdraw its troops from Ukraine.", ("UKR", "RUSMIL", "106")),
        ("Qatar urged Iran to release the British sailors.", ("QAT", "IRN", "0253")),
    ],
)
def test_an_appeal_demand_or_threat_takes_its_contents_code(code, text, expected):
    assert expected in triples(code(text))


def test_stacked_prepositions_reach_the_object(code):
    found = triples(code("Colombian negotiators pulled out of talks with the ELN rebels."))
    assert any(s == "COLGOV" and c == "164" for s, _, c in found)
    brushed = triples(code("Beijing brushed aside criticism from Tokyo."))
    assert any(c == "120" for _, _, c in brushed)


def test_a_state_bombing_is_aerial_and_a_militant_one_is_not(code):
    assert ("ISR", "PSECVL", "195") in triples(code("Israel bombed Gaza."))
    assert any(c == "183" for _, _, c in triples(code("Militants bombed a market in Kabul.")))


def test_a_deployment_ahead_of_a_rebel_offensive_is_aimed_at_the_rebels(code):
    found = triples(
        code("Mali's government deployed troops to Gao ahead of an expected JNIM offensive.")
    )
    assert ("MLIGOV", "IMGMUSJNM", "154") in found
    own = triples(code("Kenya deployed soldiers to Nairobi to help police contain the protests."))
    assert not any(c == "074" for _, _, c in own)


def test_a_concession_after_protests_yields_to_the_protesters(code):
    found = code("Peru's prime minister resigned after weeks of mass protests.")
    (resigned,) = [e for e in found if e.cameo.root == "08"]
    assert resigned.target.code == "PERCVL" and resigned.target.kind == "implied"


def test_where_an_investigated_incident_happened_is_not_the_target(code):
    found = triples(code("India ordered an inquiry into the train collision in Odisha."))
    assert any(c.startswith("09") for _, _, c in found)
    assert all(t is None for _, t, _ in found)


def test_a_threat_of_force_against_someone_targets_them_not_the_force(code):
    found = triples(code("Uganda's president threatened to deploy the army against traders."))
    assert any(s == "UGAGOV" and t == "UGABUS" and c.startswith("13") for s, t, c in found)


def test_a_participle_describing_someone_is_no_event(code):
    found = triples(code("A mob in Pakistan lynched a man accused of blasphemy."))
    assert not any(c.startswith("11") for _, _, c in found)


def test_a_participle_beside_a_threat_is_a_deed_not_an_intent(code):
    found = code("Zimbabwe's ruling party threatened to ban the MDC, accusing it of fraud.")
    accusations = [e for e in found if e.cameo.root == "11"]
    assert accusations and not any(e.modality.intent for e in accusations)


def test_an_inquiry_targets_whom_the_incident_is_put_down_to_and_is_told_once(code):
    found = code("Kenyan prosecutors opened an inquiry into the killing of protesters by police.")
    inquiries = [e for e in found if e.cameo.root == "09"]
    assert len(inquiries) == 1 and inquiries[0].target.code == "KENCOP"


def test_positions_of_a_country_are_its_forces_and_a_town_its_people(code):
    assert ("RUSMIL", "UKRMIL", "194") in triples(
        code("Russian troops shelled Ukrainian positions near Bakhmut.")
    )
    assert ("RUSMIL", "UKRCVL", "194") in triples(code("Russian troops shelled Kharkiv."))


def test_a_condemned_attack_is_an_event_of_its_own(code):
    found = triples(code("Saudi Arabia condemned the Houthi drone attack on Jeddah."))
    assert any(s == "SAU" and t == "YEMREBHTH" and c.startswith("11") for s, t, c in found)
    assert any(s == "YEMREBHTH" and t and t.startswith("SAU") for s, t, _ in found)


def test_displeasure_at_a_decision_targets_whose_decision_it_is(code):
    found = triples(code("Tokyo voiced its displeasure at Seoul's decision to end the pact."))
    assert any(s == "JPN" and t == "KOR" and c.startswith("11") for s, t, c in found)


def test_an_appeal_to_no_actor_has_no_target(code):
    found = triples(code("Dhaka urged donors to help return refugees to Myanmar."))
    assert any(s == "BGD" and t is None and c.startswith("02") for s, t, c in found)


def test_a_denial_reports_no_event_but_a_refusal_is_a_statement(code):
    assert not code("Police in Lagos said no arrests had been made after the fire.")
    refusal = code("Somalia's president said his government would not accept the plan.")
    assert refusal and all(e.source.code == "SOMGOV" for e in refusal)


def test_protesters_blocking_streets_to_demand_are_protesting(code):
    found = code("Protesters in Tbilisi blocked streets to demand the president's resignation.")
    protests = [e for e in found if e.cameo.root == "14"]
    assert protests and not any(e.modality.intent for e in protests)


def test_forces_things_and_crowds_travel_but_do_not_visit(code):
    assert not code("The first Leopard 2 tanks sent by Germany arrived in Ukraine.")
    assert not code("Voters in Iceland went to the polls on Saturday.")
    assert ("IRNMIL", "RUS", "042") in triples(code("Iran's army chief visited Moscow."))
    statement = triples(code("Putin's annual news conference lasted four hours."))
    assert ("RUSGOV", None, "010") in statement


def test_a_causative_verbs_object_comes_with_a_bare_infinitive(code):
    assert ("IRN", "IGOIAE", "0862") in triples(code("Iran let IAEA inspectors return."))


def test_joint_drills_are_military_cooperation_even_with_a_modifier_between(code):
    found = triples(code("Seoul and Washington resumed large-scale joint military drills."))
    assert {("KOR", "USA", "062"), ("USA", "KOR", "062")} <= found


def test_a_participle_on_the_object_has_the_clause_subject(code):
    found = triples(code("Bahrain signed agreements normalising relations with Israel."))
    assert any(s == "BHR" and t == "ISR" and c.startswith("05") for s, t, c in found)


def test_a_hosted_summit_between_two_leaders_is_their_meeting_and_the_hosts(code):
    found = triples(
        code(
            "The Vietnamese capital Hanoi hosted a summit between Donald Trump and Kim Jong Un.",
            "2019-02-27",
        )
    )
    assert {("USAGOV", "PRKGOV", "044"), ("PRKGOV", "USAGOV", "044")} <= found
    assert any(s == "VNM" and c == "043" for s, _, c in found)


def test_what_is_taken_from_someone_targets_them(code):
    found = triples(
        code("Islamic State fighters captured the city of Palmyra from Syrian government forces.")
    )
    assert any(s == "IMGMUSISI" and t == "SYRMIL" and c.startswith("19") for s, t, c in found)


def test_a_town_taken_in_a_civil_war_is_taken_from_the_other_side(code):
    found = triples(code("Taliban fighters seized control of Kandahar, Afghanistan's second city."))
    assert ("AFGREBTAL", "AFGGOV", "192") in found


def test_a_threat_against_a_countrys_bases_targets_its_forces(code):
    found = triples(
        code("Iran's Revolutionary Guards warned they would strike US bases in the region.")
    )
    assert any(t == "USAMIL" and c.startswith("13") for _, t, c in found)


def test_forces_sent_somewhere_face_no_one_unless_massed_on_a_border(code):
    sent = triples(code("Britain deployed two fighter squadrons to Estonia and Poland."))
    assert ("GBR", None, "154") in sent
    assert not any(t and t.startswith(("EST", "POL")) for _, t, _ in sent)
    massed = triples(code("Armenia moved tanks to its border with Azerbaijan on Friday."))
    assert any(s == "ARM" and t == "AZE" and c.startswith("15") for s, t, c in massed)
    purpose = triples(code("Chad sent 800 soldiers to Niger to fight Boko Haram militants."))
    assert any(s == "TCD" and t and t.startswith("NGAREB") for s, t, c in purpose if c == "154")


def test_what_is_called_false_or_done_by_no_one_did_not_happen(code):
    for text in (
        "Reports that Ugandan troops had shelled the town proved false, officials said.",
        "Rumours that the mayor had been arrested were untrue, his office said in Accra.",
        "No Chinese warships were sent to the strait last week.",
        "Nobody was detained by police during the march in Lima.",
    ):
        events = code(text)
        assert events and all(e.modality.negated for e in events), text
    confirmed = code("Reports that Ugandan troops had shelled the town were confirmed by Kampala.")
    assert any(e.cameo.root == "19" and not e.modality.negated for e in confirmed)


def test_an_attribution_after_the_news_is_no_statement(code):
    told = "Laos's rice harvest doubled this year, Vietnam's agriculture minister said."
    assert not any(c == "010" for _, _, c in triples(code(told)))
    quoted = triples(code('"The border is calm," Armenia\'s defence minister told reporters.'))
    assert any(s == "ARMGOV" and c.startswith("01") for s, _, c in quoted)


def test_a_target_after_coordinated_prepositions_and_the_author_of_what_is_rejected(code):
    halted = triples(code("Ghana suspended all flights to and from Nigeria on Monday."))
    assert any(s == "GHA" and t == "NGA" for s, t, _ in halted)
    rejected = triples(code("Israel rejected a ceasefire plan drawn up by Egypt."))
    assert any(s == "ISR" and t == "EGY" and c.startswith("12") for s, t, c in rejected)


def test_a_warning_is_aimed_at_whoever_its_content_is_about(code):
    found = triples(code("India's army warned that any Chinese incursion would be repelled."))
    assert any(s == "INDMIL" and t == "CHN" and c.startswith("13") for s, t, c in found)


def test_participles_and_relative_clauses_describe_and_report_no_event(code):
    seized = triples(code("Manila urged Beijing to return a boat seized by the Chinese navy."))
    assert not any(c.startswith("17") for _, _, c in seized)
    deported = triples(code("Kyiv demanded that Moscow free the prisoners it has detained."))
    assert not any(c.startswith("17") for _, _, c in deported)
    assert any(s == "UKR" and t and t.startswith("RUS") for s, t, c in deported if c[:2] == "10")


def test_a_strike_called_by_workers_is_a_stoppage_not_an_attack(code):
    found = triples(code("Bus drivers in Lagos launched a strike over unpaid wages."))
    assert any(s == "NGALAB" and c == "143" for s, _, c in found)
    assert not any(c.startswith("19") for _, _, c in found)
    air = triples(code("Israel launched a strike on Hamas positions in Gaza."))
    assert any(c.startswith("19") for _, _, c in air)


def test_whoever_sent_what_arrives_is_the_source(code):
    found = triples(code("A shipment of medicines donated by Japan arrived in Dhaka."))
    assert any(s == "JPN" and t == "BGD" and c.startswith("07") for s, t, c in found)


def test_what_was_done_takes_the_target_of_what_it_was_done_for(code):
    found = code("Peru set up a judicial panel to investigate the killing of protesters by police.")
    done = [e for e in found if e.cameo.root == "09" and not e.modality.intent]
    assert done and all(e.target is not None and e.target.code == "PERCOP" for e in done)


def test_a_demand_about_the_addressees_own_forces_is_made_of_them(code):
    found = triples(code("Somalia demanded that Ethiopia withdraw its troops from Somali soil."))
    assert any(s == "SOM" and t == "ETHMIL" and c.startswith("10") for s, t, c in found)


def test_force_on_a_base_or_a_police_station_in_a_place_falls_on_its_holders(code):
    base = triples(code("Al-Shabaab fighters attacked a military base in Lower Shabelle."))
    assert any(t == "SOMMIL" and c.startswith("1") for _, t, c in base)
    station = triples(code("Militants bombed a police station in the Pakistani city of Quetta."))
    assert any(t == "PAKCOP" for _, t, _ in station)


def test_an_event_still_to_come_is_not_reported_as_done(code):
    expected = code("Kenya sent troops to the border ahead of an expected al-Shabaab offensive.")
    offensives = [e for e in expected if e.cameo.root == "19"]
    assert offensives and all(e.modality.hypothetical for e in offensives)
    proposed = code("Slovakia vetoed a proposed EU sanctions package on Iran.")
    assert all(e.modality.hypothetical for e in proposed if e.cameo.root == "16")


def test_a_visit_or_hosting_needs_a_second_party(code):
    assert not any(e.cameo.code in ("042", "043") for e in code("Nairobi hosted a marathon."))
    hosted = triples(code("Kenya's president hosted Somalia's president in Nairobi."))
    assert any(c.startswith("04") and t == "SOMGOV" for _, t, c in hosted)


def test_a_figure_about_an_event_noun_is_no_event(code):
    assert code("Trade between Chile and Peru grew by 9 percent last year.") == []


def test_a_gerund_right_after_a_refusal_is_what_is_refused(code):
    found = code("Armenia ruled out handing any villages to Azerbaijan before a peace deal.")
    refusals = [e for e in found if e.cameo.root == "12"]
    assert refusals and refusals[0].target is not None and refusals[0].target.code == "AZE"
    assert not any(e.cameo.root == "08" and not e.modality.negated for e in found)


def test_what_a_rejected_call_asks_for_is_not_done(code):
    found = code("Peru's president rejected calls from lawmakers to resign.")
    assert any(e.cameo.root == "12" for e in found)
    assert not any(e.cameo.root in ("03", "08") and not e.modality.hypothetical for e in found)


def test_a_class_noun_before_a_name_is_the_object(code):
    found = triples(code("Libya released the Maltese tanker Marine Star on Monday."))
    assert any(s == "LBY" and c == "0842" for s, _, c in found)


def test_the_purpose_of_a_deed_is_no_stated_intent(code):
    found = triples(code("Hezbollah sent fighters to Syria to back government forces in Homs."))
    assert not any(c.startswith("03") for _, _, c in found)


def test_what_a_vetoed_resolution_would_have_done_did_not_happen(code):
    found = code("A draft resolution imposing sanctions on Syria was vetoed by Russia.")
    assert any(e.cameo.root == "12" for e in found)
    assert all(e.modality.hypothetical for e in found if e.cameo.root == "16")


def test_a_participle_framing_speech_is_no_event(code):
    found = code("Speaking to reporters in Lima, Peru's foreign minister said talks would go on.")
    assert not any(e.cameo.root == "04" for e in found)
    asked = code("Asked whether Chile would expel the envoy, the minister declined to comment.")
    assert not any(e.cameo.root == "02" for e in asked)


def test_what_no_one_could_confirm_is_not_reported_as_done(code):
    for text in (
        "Reports that Iranian troops had shelled Kurdish villages could not be confirmed.",
        "There was no indication that Hanoi had expelled the Chinese envoy.",
    ):
        found = code(text)
        assert found and all(e.modality.hypothetical for e in found), text


def test_a_nouns_content_clause_keeps_its_own_subject(code):
    found = triples(code("Rumours that Hanoi had expelled the Chinese envoy spread quickly."))
    assert any(s == "VNM" and t == "CHNGOV" for s, t, _ in found)


def test_an_indirect_object_is_the_target(code):
    found = triples(code("Hamas gave Israel a 48-hour ultimatum to halt its raids on Jenin."))
    assert any(s == "PSEREBHMS" and t == "ISR" and c.startswith("13") for s, t, c in found)


def test_a_concession_after_protesters_acted_yields_to_them(code):
    found = code("Serbia withdrew the mining law, a week after protesters blocked roads.")
    conceded = [e for e in found if e.cameo.root == "08"]
    assert conceded and conceded[0].target is not None and conceded[0].target.code == "SRBCVL"


def test_a_gerund_with_of_is_its_verbs_event(code):
    closed = triples(code("Kyrgyzstan announced the closing of its border with Tajikistan."))
    assert any(s == "KGZ" and t == "TJK" and c.startswith("19") for s, t, c in closed)
    lifted = code("The lifting of the curfew in Bishkek was announced by Kyrgyzstan's government.")
    assert any(e.cameo.code == "0813" and e.source.code == "KGZGOV" for e in lifted)


def test_sport_is_no_politics(code):
    assert code("Nigeria's national football team beat Cameroon 2-1 in Yaounde.") == []
    assert code("The coach of Peru's national team resigned after a defeat to Chile.") == []
    rescue = triples(code("Japanese rescue teams arrived in Morocco to help search for survivors."))
    assert any(s == "JPN" and t == "MAR" for s, t, _ in rescue)


def test_the_giver_of_a_passive_thing_is_the_source(code):
    found = triples(code("A loan from the IMF to Pakistan was approved on Friday."))
    assert any(s == "IGOIMF" and t == "PAK" and c.startswith("07") for s, t, c in found)


def test_allies_fighting_alongside_cooperate(code):
    found = triples(code("Chadian troops fought alongside Nigerien forces against Boko Haram."))
    assert ("TCDMIL", "NERMIL", "062") in found and ("NERMIL", "TCDMIL", "062") in found
    assert not any(t == "NERMIL" and c.startswith("19") for _, t, c in found)
