"""Brute-force lockout (django-axes) on three counts, each with its own limit:

- the pair (login, address): ``SEI_LOGIN_TENTATIVAS`` — someone mistyping their own password;
- the account, from any address: ``SEI_LOGIN_TENTATIVAS_CONTA`` — one account guessed from many
  addresses (a botnet);
- the address, over any accounts: ``SEI_LOGIN_TENTATIVAS_ENDERECO`` — one password sprayed over
  many accounts. Higher, since a whole office may leave through one NAT address.

django-axes counts every parameter set of ``AXES_LOCKOUT_PARAMETERS`` but compares them all with
one ``AXES_FAILURE_LIMIT``; this handler scales each count to its own limit. A successful login
clears only its own (login, address) pair: a sprayer who knows one password cannot wipe the
address's count, nor an attacker's failures on an account from elsewhere.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def limites() -> list[int]:
    """Limits in the order of ``AXES_LOCKOUT_PARAMETERS``: pair, account, address."""
    return [
        settings.SEI_LOGIN_TENTATIVAS,
        settings.SEI_LOGIN_TENTATIVAS_CONTA,
        settings.SEI_LOGIN_TENTATIVAS_ENDERECO,
    ]


class BloqueioPorCriterio(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures on the scale of ``AXES_FAILURE_LIMIT``: reaching it means some count
        reached its own limit."""
        escala = settings.AXES_FAILURE_LIMIT
        pior = 0
        for tentativas, limite in zip(self.get_user_attempts(request, credentials), limites(), strict=True):
            falhas = tentativas.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if falhas >= limite:
                return escala
            pior = max(pior, falhas * escala // limite)
        return min(pior, escala - 1)

    def reset_user_attempts(self, request, credentials=None) -> int:
        par = self.filter_user_attempts(request, credentials)[0]
        apagadas, _ = par.delete()
        return apagadas
