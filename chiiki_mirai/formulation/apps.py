from django.apps import AppConfig


class FormulationConfig(AppConfig):
    name = "chiiki_mirai.formulation"
    label = "formulation"
    verbose_name = "戦略産業クラスター計画の策定（A）"
