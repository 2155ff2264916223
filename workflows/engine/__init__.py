"""The confidentiality engine: pure Python, no Django.

Public API (import from the modules, this package imports nothing so that the consent
evaluator and the engine can share types without import cycles):

- ``workflows.engine.evaluate.evaluate(disclosure, *, modes=None) -> Result``
- ``workflows.engine.types``: ``Disclosure``, ``Party``, ``Subject``, ``Consent``, ``Facts``,
  ``Crime``, ``MaturityAssessment`` in; ``Result`` and friends out; ``Outcome``, ``GroundMode``
- ``workflows.engine.catalogue``: the grounds as versioned data, ``CATALOGUE_VERSION``
- ``workflows.engine.messages.render(code, params, lang)``
- ``workflows.engine.scenarios``: scenario files, ``to_disclosure``, ``result_to_json``
- ``consent.evaluator.evaluate_consent(...)``
"""
