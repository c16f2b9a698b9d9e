import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")
application = get_wsgi_application()

# Loading the application leaves ~180,000 objects that live as long as the worker (modules,
# WeasyPrint's and fontTools' tables...); frozen, the garbage collector stops walking them again
# on every full collection (~0.3 ms a request, bench/README.md).
gc.freeze()
