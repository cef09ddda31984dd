package waf

import "strings"

// Resource types as AWS names them in AssociationConfig.RequestBody and
// ListResourcesForWebACL.
const (
	ResourceALB              = "APPLICATION_LOAD_BALANCER"
	ResourceCloudFront       = "CLOUDFRONT"
	ResourceAPIGateway       = "API_GATEWAY"
	ResourceAppSync          = "APPSYNC"
	ResourceCognitoUserPool  = "COGNITO_USER_POOL"
	ResourceAppRunnerService = "APP_RUNNER_SERVICE"
	ResourceVerifiedAccess   = "VERIFIED_ACCESS_INSTANCE"
	ResourceAmplify          = "AMPLIFY"
)

// ResourceTypeOf returns the WAF resource type of a protected resource's
// ARN (one of the Resource* constants), or "" when the ARN is not a
// resource WAF protects.
func ResourceTypeOf(resourceARN string) string {
	parts := strings.SplitN(resourceARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	service, res := parts[2], parts[5]
	switch service {
	case "elasticloadbalancing":
		if strings.HasPrefix(res, "loadbalancer/app/") {
			return ResourceALB
		}
	case "cloudfront":
		if strings.HasPrefix(res, "distribution/") {
			return ResourceCloudFront
		}
	case "apigateway":
		// arn:aws:apigateway:region::/restapis/id/stages/name
		if strings.HasPrefix(res, "/restapis/") && strings.Contains(res, "/stages/") {
			return ResourceAPIGateway
		}
	case "appsync":
		if strings.HasPrefix(res, "apis/") {
			return ResourceAppSync
		}
	case "cognito-idp":
		if strings.HasPrefix(res, "userpool/") {
			return ResourceCognitoUserPool
		}
	case "apprunner":
		if strings.HasPrefix(res, "service/") {
			return ResourceAppRunnerService
		}
	case "ec2":
		if strings.HasPrefix(res, "verified-access-instance/") {
			return ResourceVerifiedAccess
		}
	case "amplify":
		if strings.HasPrefix(res, "apps/") {
			return ResourceAmplify
		}
	}
	return ""
}

// Inspection limits (§4.5).
const (
	albBodyLimit     = 8 * 1024  // ALB and AppSync, fixed
	defaultBodyLimit = 16 * 1024 // CloudFront, API Gateway, Cognito, App Runner, Verified Access
	headerBytesLimit = 8 * 1024
	headerCountLimit = 200
	cookieBytesLimit = 8 * 1024
	cookieCountLimit = 200
)

// bodyLimit is the body inspection limit for resourceType under acl's
// AssociationConfig; 0 when the resource type is unknown (a body over the
// smallest limit is then undecidable).
func (a *ACL) bodyLimit(resourceType string) int {
	switch resourceType {
	case ResourceALB, ResourceAppSync:
		return albBodyLimit
	case ResourceAmplify:
		// Amplify hosting fronts with CloudFront and takes its limit (§4.5).
		resourceType = ResourceCloudFront
	case ResourceCloudFront, ResourceAPIGateway, ResourceCognitoUserPool,
		ResourceAppRunnerService, ResourceVerifiedAccess:
	default:
		return 0
	}
	for _, l := range a.bodyLimits {
		if l.ResourceType == resourceType && l.Bytes > 0 {
			return int(l.Bytes)
		}
	}
	return defaultBodyLimit
}
