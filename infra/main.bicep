// Cairn on Azure: the ASP.NET Core app run as a Functions custom handler on Flex Consumption, with
// Cosmos DB (serverless), hybrid search in Cosmos DB or Azure AI Search, Web PubSub, Key Vault and Application Insights.
// Every service is reached by the app's system-assigned identity; local (key) auth is off where the
// service allows it. Deploy with scripts/deploy (see docs/deploy.md).
targetScope = 'resourceGroup'

@description('Region for every resource. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Start of every resource name: 2-10 lowercase letters, digits or inner hyphens.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'cairn'

@description('Where hybrid search runs: cosmos (a search container in the same serverless Cosmos DB account, billed per request; no fixed cost) or aisearch (an Azure AI Search service, billed per hour). See docs/cost.md.')
@allowed([
  'cosmos'
  'aisearch'
])
param searchProvider string = 'cosmos'

@description('Dimensions of the embedder\'s vectors; the Cosmos DB search container\'s vector policy is fixed at creation and the app refuses to start on a mismatch.')
@minValue(1)
@maxValue(4096)
param searchVectorDimensions int = 384

@description('Vector index of the Cosmos DB search container: quantizedFlat (exact over compressed vectors; best up to ~50k vectors per partition) or diskANN (approximate, for large indexes). Fixed at creation.')
@allowed([
  'quantizedFlat'
  'diskANN'
])
param searchVectorIndexType string = 'quantizedFlat'

@description('Azure AI Search tier (searchProvider aisearch only): free (one per subscription, 50 MB, no SLA), basic, or standard (S1).')
@allowed([
  'free'
  'basic'
  'standard'
])
param searchSku string = 'basic'

@description('Web PubSub tier: Free_F1 (20 connections, 20k messages/day) or Standard_S1 (1,000 connections per unit).')
@allowed([
  'Free_F1'
  'Standard_S1'
])
param pubsubSku string = 'Free_F1'

@description('Language stack of the Flex Consumption app. Cairn runs as a custom handler on the .NET 10 stack, which provides the dotnet runtime.')
param runtimeName string = 'dotnet-isolated'

@description('Version of the language stack.')
param runtimeVersion string = '10.0'

@description('Memory of each Flex Consumption instance, in MB. 512 fits the app with its int8 sentence model (peak ~240 MB) and the Functions host; 2048 for Precision=Float32 or heavy concurrency (docs/cost.md, "Instance memory").')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Most instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Cosmos DB containers, each partitioned by /pk. Features add theirs here (SettingsDriftTests checks the app\'s list).')
param cosmosContainers array = [
  { name: 'agents', sortFields: [] }
  { name: 'usernames', sortFields: [] }
  { name: 'api_keys', sortFields: [] }
  { name: 'rate_limits', sortFields: [] }
  { name: 'idempotency_keys', sortFields: [] }
  { name: 'workspaces', sortFields: ['joined_at'] }
  { name: 'agent_workspaces', sortFields: ['joined_at'] }
  { name: 'workspace_invites', sortFields: [] }
  { name: 'clipboard', sortFields: ['created_at', 'idx'] }
  { name: 'sessions', sortFields: ['created_at'] }
  { name: 'experiences', sortFields: ['created_at'] }
  { name: 'experience_short_ids', sortFields: [] }
  { name: 'session_short_ids', sortFields: [] }
  { name: 'inbox', sortFields: ['created_at'] }
  { name: 'engrams', sortFields: [] }
  { name: 'engram_claims', sortFields: [] }
  { name: 'engram_owners', sortFields: [] }
  { name: 'engram_accesses', sortFields: [] }
  { name: 'engram_versions', sortFields: ['version'] }
  { name: 'memories', sortFields: ['created_at', 'due_at', 'value'] }
  { name: 'memory_sessions', sortFields: ['promotion_due_at'] }
  { name: 'memory_patterns', sortFields: [] }
  { name: 'webhooks', sortFields: ['created_at'] }
  { name: 'webhook_deliveries', sortFields: ['created_at', 'next_attempt_at'] }
  { name: 'inbound_events', sortFields: [] }
]

@description('Create an Event Grid custom topic that receives every public event as a CloudEvent, published by the app\'s identity (docs/events.md).')
param eventGridTopic bool = false

@description('The URL clients reach the app at, when a custom domain or gateway fronts it; empty = https://<the app\'s default host name>. Every absolute URL the app writes uses it (docs/deploy.md).')
param publicBaseUrl string = ''

@description('Agent registrations allowed per client IP address in a sliding hour.')
@minValue(1)
@maxValue(10000)
param registrationsPerHour int = 5

@description('Write the secrets below into Key Vault. scripts/deploy sets it only on the first deployment (or with --seed-secrets): a new pepper invalidates every API key.')
param seedSecrets bool = true

@description('Secret mixed into stored API key hashes. Generated when not given.')
@secure()
param apiKeyPepper string = newGuid()

@description('Shared secret for /api/v1/admin/* (X-Admin-Key). Generated when not given.')
@secure()
param adminApiKey string = newGuid()

@description('Clipboard key ring (encryption at rest): kid=<base64 of 32 bytes>, several separated by ";", the last one active. Generated when not given, from a GUID (122 random bits); pass k1=$(openssl rand -base64 32) for a full 256-bit key.')
@secure()
param clipboardEncryptionKey string = 'k1=${base64(replace(newGuid(), '-', ''))}'

@description('HMAC key of the collective best-practice pool (base64, 32+ bytes). Generated when not given, from a GUID (122 random bits); pass $(openssl rand -base64 32) for a full 256-bit key. Changing it later orphans every pattern.')
@secure()
param memoryCbpKey string = base64(replace(newGuid(), '-', ''))

@description('Tags on every resource.')
param tags object = {
  app: 'cairn'
}

// Names are derived from the resource group, so a redeployment into the same group updates in place.
var prefix = toLower(namePrefix)
var token = uniqueString(resourceGroup().id, prefix)
var names = {
  plan: '${prefix}-plan-${token}'
  functionApp: '${prefix}-func-${token}'
  storage: take('${replace(prefix, '-', '')}${token}', 24)
  cosmos: '${prefix}-cosmos-${token}'
  search: '${prefix}-search-${token}'
  pubsub: '${prefix}-pubsub-${token}'
  logs: '${prefix}-logs-${token}'
  insights: '${prefix}-insights-${token}'
  keyVault: take('${prefix}-kv-${token}', 24)
  eventGrid: '${prefix}-events-${token}'
}
var deploymentContainerName = 'app-package'
var cosmosDatabaseName = 'cairn'
var searchContainerName = 'search'
var pubsubHubName = 'cairn'
var secretNames = {
  apiKeyPepper: 'agents-api-key-pepper'
  adminApiKey: 'admin-api-key'
  clipboardEncryptionKey: 'clipboard-encryption-key'
  memoryCbpKey: 'memory-cbp-key'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logs
    appInsightsName: names.insights
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: deploymentContainerName
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    accountName: names.cosmos
    databaseName: cosmosDatabaseName
    containers: cosmosContainers
    searchContainerName: searchProvider == 'cosmos' ? searchContainerName : ''
    searchVectorDimensions: searchVectorDimensions
    searchVectorIndexType: searchVectorIndexType
  }
}

module search 'modules/search.bicep' = if (searchProvider == 'aisearch') {
  name: 'search'
  params: {
    location: location
    tags: tags
    name: names.search
    sku: searchSku
  }
}

module pubsub 'modules/webpubsub.bicep' = {
  name: 'webpubsub'
  params: {
    location: location
    tags: tags
    name: names.pubsub
    sku: pubsubSku
    hubName: pubsubHubName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    secretNames: secretNames
    seedSecrets: seedSecrets
    apiKeyPepper: apiKeyPepper
    adminApiKey: adminApiKey
    clipboardEncryptionKey: clipboardEncryptionKey
    memoryCbpKey: memoryCbpKey
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: names.plan
    appName: names.functionApp
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    runtimeName: runtimeName
    runtimeVersion: runtimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.name
    searchServiceName: names.search
    assignSearchRoles: searchProvider == 'aisearch'
    webPubSubName: pubsub.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module eventGrid 'modules/eventgrid.bicep' = if (eventGridTopic) {
  name: 'eventgrid'
  params: {
    location: location
    tags: tags
    name: names.eventGrid
    principalId: functionApp.outputs.principalId
  }
}

// Settings go on last, after the role assignments, so Key Vault references resolve on first start.
module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  dependsOn: [
    roles
  ]
  params: {
    appName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    searchProvider: searchProvider
    searchEndpoint: searchProvider == 'aisearch' ? search!.outputs.endpoint : ''
    searchContainerName: searchContainerName
    pubsubEndpoint: pubsub.outputs.endpoint
    pubsubHubName: pubsubHubName
    keyVaultUri: keyVault.outputs.vaultUri
    secretNames: secretNames
    registrationsPerHour: registrationsPerHour
    publicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.outputs.defaultHostName}' : publicBaseUrl
    eventGridEndpoint: eventGridTopic ? eventGrid!.outputs.endpoint : ''
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output storageAccountName string = storage.outputs.name
output cosmosAccountName string = cosmos.outputs.name
output searchProvider string = searchProvider
output searchServiceName string = searchProvider == 'aisearch' ? search!.outputs.name : ''
output webPubSubName string = pubsub.outputs.name
output keyVaultName string = keyVault.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
output eventGridTopicName string = eventGridTopic ? eventGrid!.outputs.name : ''
