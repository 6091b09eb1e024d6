using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// The corpus once per public place (SecretCorpusPlaceTests), each a class of its own so xunit runs them in parallel.
public sealed class SecretCorpusPlaceSessionTopicTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session topic");

public sealed class SecretCorpusPlaceSessionDomainTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session domain");

public sealed class SecretCorpusPlaceSessionToolsTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session tools_used");

public sealed class SecretCorpusPlaceSessionEntryTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session entry");

public sealed class SecretCorpusPlaceSessionMadePublicTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session made public");

public sealed class SecretCorpusPlaceContributionTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "contribution");

public sealed class SecretCorpusPlaceExperienceGoalTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "experience goal");

public sealed class SecretCorpusPlaceExperienceNotesTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "experience notes");

public sealed class SecretCorpusPlaceOutcomeNotesTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "outcome notes");

public sealed class SecretCorpusPlaceEngramTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "engram (global, public)");

public sealed class SecretCorpusPlaceClipboardPublicTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "clipboard public");

public sealed class SecretCorpusPlaceClipboardWorkspaceTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "clipboard workspace (base64)");

public sealed class SecretCorpusPlaceAgentNameTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "agent name");

public sealed class SecretCorpusPlaceWorkspaceNameTests(CorpusAppFixture fixture) : SecretCorpusPlaceTests(fixture, "workspace name");
