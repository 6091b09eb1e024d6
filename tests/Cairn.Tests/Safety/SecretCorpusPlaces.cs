using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// The corpus once per public place (SecretCorpusPlaceTests), each a class of its own so xunit runs them in parallel.
public sealed class SecretCorpusPlaceSessionTopicTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session topic");

public sealed class SecretCorpusPlaceSessionDomainTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session domain");

public sealed class SecretCorpusPlaceSessionToolsTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session tools_used");

public sealed class SecretCorpusPlaceSessionEntryTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session entry");

public sealed class SecretCorpusPlaceSessionMadePublicTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "session made public");

public sealed class SecretCorpusPlaceContributionTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "contribution");

public sealed class SecretCorpusPlaceExperienceGoalTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "experience goal");

public sealed class SecretCorpusPlaceExperienceNotesTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "experience notes");

public sealed class SecretCorpusPlaceOutcomeNotesTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "outcome notes");

public sealed class SecretCorpusPlaceEngramTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "engram (global, public)");

public sealed class SecretCorpusPlaceClipboardPublicTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "clipboard public");

public sealed class SecretCorpusPlaceClipboardWorkspaceTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "clipboard workspace (base64)");

public sealed class SecretCorpusPlaceAgentNameTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "agent name");

public sealed class SecretCorpusPlaceWorkspaceNameTests(PrivateAppFixture fixture) : SecretCorpusPlaceTests(fixture, "workspace name");
