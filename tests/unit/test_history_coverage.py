from django.apps import apps

OUR_APPS = ("commitments", "extraction", "reporting")


def domain_models():
    return [
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and not model._meta.auto_created
        # Unmanaged: tables derived by triggers from rows that keep history
        # (commitments.list_order).
        and model._meta.managed
    ]


def test_every_domain_model_keeps_history():
    missing = [
        model.__name__ for model in domain_models() if not hasattr(model, "history")
    ]
    assert domain_models(), "no domain models found"
    assert missing == []


def test_agreement_history_also_tracks_its_parties_and_sources():
    agreement = apps.get_model("commitments", "Agreement")
    historical = agreement.history.model
    assert {f.name for f in historical._history_m2m_fields} == {"parties", "sources"}
