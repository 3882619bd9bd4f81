"""The generators behind benchmarks/make_corpus.py, one part per module.

Each module imports only modules listed before it:

    common           the fixed date, time zone, kinds of document, shape of the history
    words_people     names (Vietnamese and English), the agency's team, roles
    words_clients    brands, industries, campaigns, seasons, taglines, calls to action
    words_scope      the scope catalog: items, quantities, brief titles, owners, nouns
    words_documents  sentences of documents: objectives, inputs, meetings, reports, risks
    text             small helpers: ids, YAML scalars, dates and numbers in words
    records          the records of a plan: people, milestones, documents, the account
    plan_documents   an account's changes, briefs, meetings, reports, notes and risks
    plan             the plan of an account: everything it holds, with the dates
    bodies           the bodies of documents: brief sections, change, meeting, report text
    files            rendering account.yml, timeline.yml and each kind of document
    versions         files as chains of versions: what each file held on which day
    history          steps, commits, pull requests, and the fast-import stream
    deliverables     versions with files (images, a PDF) on briefs, for `--files`
    repository       putting it together: plan, history, a new git repository
"""
