"""Documents inside processes: internal (written in the editor from a model) and external
(uploaded), numbering, versions, models, file storage, sanitising, PDF rendering and export."""
