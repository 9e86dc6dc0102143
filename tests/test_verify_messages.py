"""What verify says, word for word, about each forgery of the golden records (tests/golden_forgeries.py).

The reasons are what a jury reads to decide whether a record counts: their exact wording, line numbers and
verdicts are behaviour. (This table was written from verify's output and read line by line; a change of
wording is made here on purpose, never by regenerating it blindly.)
"""

from __future__ import annotations

import pytest
from golden_forgeries import FORGERIES

from simulator.exam.verify import verify_record

EXPECTED = {'no key': ('unverifiable',
                       [('no_key',
                         2,
                         'signé avec la clé de jury 8d4399f9c9923f8c : aucune clé publique pour vérifier la signature '
                         '(--key jury.pub, NEGOSIM_JURY_PUBLIC_KEY)')],
                       'chaîne intacte, signature non vérifiable — signé avec la clé 8d4399f9c9923f8c, aucune clé '
                       'publique de jury disponible'),
            'another key': ('invalid',
                            [('wrong_key',
                              2,
                              'mauvaise clé : signé avec la clé 8d4399f9c9923f8c, la clé fournie est 17d2aa267b444618 '
                              "(ou l'identifiant de clé a été modifié)")],
                            'invalide — mauvaise clé : signé avec la clé 8d4399f9c9923f8c, la clé fournie est '
                            "17d2aa267b444618 (ou l'identifiant de clé a été modifié)"),
            'garbage line': ('invalid',
                             [('bad_line', 4, "ligne illisible (ce n'est plus un enregistrement JSON)"),
                              ('broken_chain',
                               5,
                               'chaîne rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées entre les '
                               'lignes 4 et 5')],
                             "invalide — ligne illisible (ce n'est plus un enregistrement JSON); chaîne rompue : la "
                             'ligne 4 a été modifiée, ou des lignes ont été retirées entre les lignes 4 et 5'),
            'late': ('late',
                     [],
                     "scellé après coup (signé avec la clé de jury 8d4399f9c9923f8c) : enregistrement intact jusqu'à "
                     "l'interruption, ne vaut pas épreuve"),
            'late, no key': ('unverifiable',
                             [('no_key',
                               2,
                               'signé avec la clé de jury 8d4399f9c9923f8c : aucune clé publique pour vérifier la '
                               'signature (--key jury.pub, NEGOSIM_JURY_PUBLIC_KEY)')],
                             'chaîne intacte, signature non vérifiable — signé avec la clé 8d4399f9c9923f8c, aucune '
                             'clé publique de jury disponible ; scellé après coup'),
            'unsigned, no key': ('valid',
                                 [],
                                 'valide — non signé (empreinte SHA-256 : détecte une corruption accidentelle, pas une '
                                 'falsification)'),
            'unsigned, key': ('invalid',
                              [('unsigned',
                                None,
                                'enregistrement non signé alors que la clé de jury 8d4399f9c9923f8c est configurée : '
                                'signature retirée (rétrogradation) ou épreuve passée sans clé')],
                              'invalide — enregistrement non signé alors que la clé de jury 8d4399f9c9923f8c est '
                              'configurée : signature retirée (rétrogradation) ou épreuve passée sans clé'),
            'empty': ('invalid', [('empty', None, 'enregistrement vide')], 'invalide — enregistrement vide'),
            'missing': ('invalid',
                        [('unreadable', None, 'enregistrement illisible (No such file or directory)')],
                        'invalide — enregistrement illisible (No such file or directory)'),
            'no final newline': ('invalid',
                                 [('truncated',
                                   8,
                                   'dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué ou fin du '
                                   'fichier modifiée')],
                                 'invalide — dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué '
                                 'ou fin du fichier modifiée'),
            'cut mid-line': ('invalid',
                             [('truncated',
                               8,
                               'dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué ou fin du '
                               'fichier modifiée'),
                              ('not_sealed',
                               None,
                               "aucun sceau : la session s'est terminée mais l'enregistrement n'a pas été scellé, ou "
                               'il a été tronqué (le sceau est la dernière ligne)')],
                             'invalide — dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué ou '
                             "fin du fichier modifiée; aucun sceau : la session s'est terminée mais l'enregistrement "
                             "n'a pas été scellé, ou il a été tronqué (le sceau est la dernière ligne)"),
            'header prev': ('invalid',
                            [('no_header',
                              1,
                              "en-tête absent ou altéré (la ligne 1 doit être l'en-tête de la session)"),
                             ('broken_chain',
                              2,
                              'chaîne rompue : la ligne 1 a été modifiée, ou des lignes ont été retirées entre les '
                              'lignes 1 et 2')],
                            "invalide — en-tête absent ou altéré (la ligne 1 doit être l'en-tête de la session); "
                            'chaîne rompue : la ligne 1 a été modifiée, ou des lignes ont été retirées entre les '
                            'lignes 1 et 2'),
            'spaced line': ('invalid',
                            [('rewritten', 4, 'ligne 4 réécrite : ses octets ne sont plus ceux que négosim a écrits'),
                             ('broken_chain',
                              5,
                              'chaîne rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées entre les '
                              'lignes 4 et 5')],
                            'invalide — ligne 4 réécrite : ses octets ne sont plus ceux que négosim a écrits; chaîne '
                            'rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées entre les lignes 4 et '
                            '5'),
            'spaced seal': ('invalid',
                            [('rewritten', 8, 'ligne 8 réécrite : ses octets ne sont plus ceux que négosim a écrits')],
                            'invalide — ligne 8 réécrite : ses octets ne sont plus ceux que négosim a écrits'),
            'cut before the seal': ('invalid',
                                    [('not_sealed',
                                      None,
                                      "aucun sceau : la session s'est terminée mais l'enregistrement n'a pas été "
                                      'scellé, ou il a été tronqué (le sceau est la dernière ligne)')],
                                    "invalide — aucun sceau : la session s'est terminée mais l'enregistrement n'a pas "
                                    'été scellé, ou il a été tronqué (le sceau est la dernière ligne)'),
            'cut mid-interview': ('invalid',
                                  [('not_sealed',
                                    None,
                                    'aucun sceau : session inachevée (interrompue ?) ou enregistrement tronqué')],
                                  'invalide — aucun sceau : session inachevée (interrompue ?) ou enregistrement '
                                  'tronqué'),
            'line after the seal': ('invalid',
                                    [('broken_chain',
                                      9,
                                      'chaîne rompue : la ligne 8 a été modifiée, ou des lignes ont été retirées entre '
                                      'les lignes 8 et 9'),
                                     ('after_seal', 9, '1 ligne ajoutée après le sceau (ligne 8)'),
                                     ('bad_signature',
                                      9,
                                      'signature incorrecte ligne 9 : ligne modifiée, ajoutée ou rechaînée sans la clé '
                                      "de l'épreuve")],
                                    'invalide — chaîne rompue : la ligne 8 a été modifiée, ou des lignes ont été '
                                    'retirées entre les lignes 8 et 9; 1 ligne ajoutée après le sceau (ligne 8); '
                                    'signature incorrecte ligne 9 : ligne modifiée, ajoutée ou rechaînée sans la clé '
                                    "de l'épreuve"),
            'home-made session key': ('invalid',
                                      [('bad_cert',
                                        2,
                                        "le certificat de l'épreuve n'est pas signé par la clé de jury : en-tête "
                                        'modifié ou clé de session fabriquée')],
                                      "invalide — le certificat de l'épreuve n'est pas signé par la clé de jury : "
                                      'en-tête modifié ou clé de session fabriquée'),
            'rebuilt and re-chained': ('invalid',
                                       [('bad_signature',
                                         5,
                                         'signature incorrecte lignes 5, 6, 7, 8 : lignes modifiées, ajoutées ou '
                                         "rechaînées sans la clé de l'épreuve")],
                                       'invalide — signature incorrecte lignes 5, 6, 7, 8 : lignes modifiées, ajoutées '
                                       "ou rechaînées sans la clé de l'épreuve"),
            'seal says sha256': ('invalid',
                                 [('bad_signature',
                                   8,
                                   'signature incorrecte ligne 8 : ligne modifiée, ajoutée ou rechaînée sans la clé de '
                                   "l'épreuve"),
                                  ('bad_seal',
                                   8,
                                   "sceau incohérent avec le certificat de l'épreuve (algorithme ou clé)")],
                                 'invalide — signature incorrecte ligne 8 : ligne modifiée, ajoutée ou rechaînée sans '
                                 "la clé de l'épreuve; sceau incohérent avec le certificat de l'épreuve (algorithme ou "
                                 'clé)'),
            'seal names another key': ('invalid',
                                       [('bad_signature',
                                         8,
                                         'signature incorrecte ligne 8 : ligne modifiée, ajoutée ou rechaînée sans la '
                                         "clé de l'épreuve"),
                                        ('bad_seal',
                                         8,
                                         "sceau incohérent avec le certificat de l'épreuve (algorithme ou clé)")],
                                       'invalide — signature incorrecte ligne 8 : ligne modifiée, ajoutée ou rechaînée '
                                       "sans la clé de l'épreuve; sceau incohérent avec le certificat de l'épreuve "
                                       '(algorithme ou clé)'),
            'late seal by another key': ('invalid',
                                         [('seal_mismatch',
                                           7,
                                           "le sceau posé après coup n'est pas signé par la clé de jury")],
                                         "invalide — le sceau posé après coup n'est pas signé par la clé de jury"),
            'unsigned seal changed': ('invalid',
                                      [('seal_mismatch',
                                        7,
                                        "l'empreinte du sceau ne correspond pas au contenu : enregistrement ou sceau "
                                        'modifié')],
                                      "invalide — l'empreinte du sceau ne correspond pas au contenu : enregistrement "
                                      'ou sceau modifié'),
            'two lines inserted': ('invalid',
                                   [('bad_signature',
                                     3,
                                     'signature incorrecte lignes 3, 4, 5, 6, 7, 8, 9, 10 : lignes modifiées, ajoutées '
                                     "ou rechaînées sans la clé de l'épreuve")],
                                   'invalide — signature incorrecte lignes 3, 4, 5, 6, 7, 8, 9, 10 : lignes modifiées, '
                                   "ajoutées ou rechaînées sans la clé de l'épreuve"),
            'three lines inserted': ('invalid',
                                     [('bad_signature',
                                       3,
                                       'signature incorrecte lignes 3, 4, 5, 6, 7, 8, 9, 10 … (9 en tout) : lignes '
                                       "modifiées, ajoutées ou rechaînées sans la clé de l'épreuve")],
                                     'invalide — signature incorrecte lignes 3, 4, 5, 6, 7, 8, 9, 10 … (9 en tout) : '
                                     "lignes modifiées, ajoutées ou rechaînées sans la clé de l'épreuve"),
            'prev is a list': ('invalid',
                               [('broken_chain',
                                 5,
                                 'chaîne rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées entre les '
                                 'lignes 4 et 5'),
                                ('broken_chain',
                                 6,
                                 'chaîne rompue : la ligne 6 suivait la ligne 4 ; la ligne 5 a été insérée ou '
                                 'déplacée'),
                                ('seal_count', 9, 'le sceau couvre 7 lignes mais en suit 8'),
                                ('bad_signature',
                                 5,
                                 'signature incorrecte ligne 5 : ligne modifiée, ajoutée ou rechaînée sans la clé de '
                                 "l'épreuve")],
                               'invalide — chaîne rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées '
                               'entre les lignes 4 et 5; chaîne rompue : la ligne 6 suivait la ligne 4 ; la ligne 5 a '
                               'été insérée ou déplacée; le sceau couvre 7 lignes mais en suit 8 …'),
            'lone surrogate': ('invalid',
                               [('bad_line', 5, "ligne illisible (ce n'est plus un enregistrement JSON)"),
                                ('broken_chain',
                                 6,
                                 'chaîne rompue : la ligne 6 suivait la ligne 4 ; la ligne 5 a été insérée ou '
                                 'déplacée'),
                                ('seal_count', 9, 'le sceau couvre 7 lignes mais en suit 8')],
                               "invalide — ligne illisible (ce n'est plus un enregistrement JSON); chaîne rompue : la "
                               'ligne 6 suivait la ligne 4 ; la ligne 5 a été insérée ou déplacée; le sceau couvre 7 '
                               'lignes mais en suit 8'),
            'header only': ('invalid',
                            [('not_sealed',
                              None,
                              'aucun sceau : session inachevée (interrompue ?) ou enregistrement tronqué')],
                            'invalide — aucun sceau : session inachevée (interrompue ?) ou enregistrement tronqué'),
            'header and certificate only': ('invalid',
                                            [('not_sealed',
                                              None,
                                              'aucun sceau : session inachevée (interrompue ?) ou enregistrement '
                                              'tronqué')],
                                            'invalide — aucun sceau : session inachevée (interrompue ?) ou '
                                            'enregistrement tronqué'),
            'garbage first line': ('invalid',
                                   [('bad_line', 1, "ligne illisible (ce n'est plus un enregistrement JSON)"),
                                    ('no_header',
                                     1,
                                     "en-tête absent ou altéré (la ligne 1 doit être l'en-tête de la session)"),
                                    ('broken_chain',
                                     2,
                                     'chaîne rompue : la ligne 1 a été modifiée, ou des lignes ont été retirées entre '
                                     'les lignes 1 et 2')],
                                   "invalide — ligne illisible (ce n'est plus un enregistrement JSON); en-tête absent "
                                   "ou altéré (la ligne 1 doit être l'en-tête de la session); chaîne rompue : la ligne "
                                   '1 a été modifiée, ou des lignes ont été retirées entre les lignes 1 et 2'),
            'garbage line and cut': ('invalid',
                                     [('truncated',
                                       8,
                                       'dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué ou '
                                       'fin du fichier modifiée'),
                                      ('bad_line', 4, "ligne illisible (ce n'est plus un enregistrement JSON)"),
                                      ('broken_chain',
                                       5,
                                       'chaîne rompue : la ligne 4 a été modifiée, ou des lignes ont été retirées '
                                       'entre les lignes 4 et 5'),
                                      ('not_sealed',
                                       None,
                                       "aucun sceau : la session s'est terminée mais l'enregistrement n'a pas été "
                                       'scellé, ou il a été tronqué (le sceau est la dernière ligne)')],
                                     'invalide — dernière ligne incomplète (pas de fin de ligne) : enregistrement '
                                     "tronqué ou fin du fichier modifiée; ligne illisible (ce n'est plus un "
                                     'enregistrement JSON); chaîne rompue : la ligne 4 a été modifiée, ou des lignes '
                                     'ont été retirées entre les lignes 4 et 5 …'),
            'legacy': ('invalid',
                       [('legacy_format',
                         8,
                         'ancien format de sceau (clé secrète partagée, avant le sceau à clé publique) : il ne protège '
                         'pas contre une réécriture et ne vaut pas épreuve ; le contenu reste lisible')],
                       'ancien format de sceau (clé secrète partagée, avant le sceau à clé publique) : il ne protège '
                       'pas contre une réécriture et ne vaut pas épreuve ; le contenu reste lisible')}


def plain(text):
    """Without the catalog's French no-break spaces (the table is written with ordinary ones)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_verify_says_exactly_this(tmp_path, name):
    blob, key = FORGERIES[name]()
    path = tmp_path / "enregistrement.jsonl"
    if blob is not None:
        path.write_bytes(blob)
    v = verify_record(path, key)
    status, problems, summary = EXPECTED[name]
    said = plain(v.summary())
    assert (v.status, [(p.code, p.line, plain(p.message)) for p in v.problems], said) == (status, problems, summary)
    plural = "problème" if len(problems) == 1 else "problèmes"
    headline = plain(v.headline())
    assert headline == (f"INVALIDE ({len(problems)} {plural})" if status == "invalid" else summary)
    assert v.ok == (status == "valid") and v.path == path


def test_the_table_covers_every_forgery():
    assert set(EXPECTED) == set(FORGERIES)
