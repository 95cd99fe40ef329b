"""banenafspraak: doelgroepregister, telregels en rapporten van de banenafspraak.

Rules live in one module per concept, each function citing its RULES.md section; dated constants
come from ``banenafspraak.parameters``.
"""
__version__ = "0.1.0"
