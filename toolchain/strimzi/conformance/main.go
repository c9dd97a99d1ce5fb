// Validates custom resources with the Kubernetes API server's own code for custom resources (apiextensions-apiserver
// v0.35.4, the version of the local control plane): metadata coercion and ObjectMeta validation, pruning of unknown
// fields, pruning of nulls, the OpenAPI schema and the CEL rules, in the order a create goes through them. It is the
// reference the tests hold tests/helpers/strimziSchemas.ts to, without starting a server.
//
// Usage: conformance CRD_JSON_DIR < cases.json, where cases.json is [{"name": …, "resource": {…}}, …]. Prints
// [{"name": …, "problems": […]}, …]; a pruned field counts as a problem (the server drops it instead of refusing).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
)

type served struct {
	schema     *apiextensions.JSONSchemaProps
	structural *structuralschema.Structural
	namespaced bool
}

type testCase struct {
	Name     string                 `json:"name"`
	Resource map[string]interface{} `json:"resource"`
}

type verdict struct {
	Name     string   `json:"name"`
	Problems []string `json:"problems"`
}

// loadCRDs reads every CRD in dir, keyed by "<group>/<version> <kind>" for each served version.
func loadCRDs(dir string) (map[string]served, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no CRD JSON files in %s", dir)
	}
	byVersion := map[string]served{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := json.Unmarshal(data, &crd); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, version := range crd.Spec.Versions {
			if !version.Served {
				continue
			}
			internal := &apiextensions.JSONSchemaProps{}
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(version.Schema.OpenAPIV3Schema, internal, nil); err != nil {
				return nil, err
			}
			structural, err := structuralschema.NewStructural(internal)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", file, version.Name, err)
			}
			key := crd.Spec.Group + "/" + version.Name + " " + crd.Spec.Names.Kind
			byVersion[key] = served{internal, structural, crd.Spec.Scope == apiextensionsv1.NamespaceScoped}
		}
	}
	return byVersion, nil
}

func problemsOf(resource map[string]interface{}, crds map[string]served) []string {
	problems := []string{}
	apiVersion, _ := resource["apiVersion"].(string)
	kind, _ := resource["kind"].(string)
	crd, ok := crds[apiVersion+" "+kind]
	if !ok {
		return append(problems, fmt.Sprintf("no served version %s of kind %s", apiVersion, kind))
	}
	if err := objectmeta.Coerce(nil, resource, crd.structural, true, false); err != nil {
		return append(problems, err.Error())
	}
	object := &unstructured.Unstructured{Object: resource}
	if crd.namespaced && object.GetNamespace() == "" {
		// The server takes the namespace from the request URL (Pulumi sends its provider's default namespace).
		object.SetNamespace("default")
	}
	for _, err := range apimachineryvalidation.ValidateObjectMetaAccessor(object, crd.namespaced, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata")) {
		problems = append(problems, err.Error())
	}
	pruned := pruning.PruneWithOptions(resource, crd.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, path := range pruned {
		problems = append(problems, "pruned unknown field "+path)
	}
	beforeNulls := runtime.DeepCopyJSON(resource)
	defaulting.PruneNonNullableNullsWithoutDefaults(resource, crd.structural)
	for _, path := range removedFields(beforeNulls, resource, "") {
		problems = append(problems, "pruned null "+path)
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(crd.schema)
	if err != nil {
		return append(problems, err.Error())
	}
	for _, err := range apiservervalidation.ValidateCustomResource(nil, resource, validator) {
		problems = append(problems, err.Error())
	}
	if rules := cel.NewValidator(crd.structural, true, celconfig.PerCallLimit); rules != nil {
		errs, _ := rules.Validate(context.Background(), nil, crd.structural, resource, nil, celconfig.RuntimeCELCostBudget)
		for _, err := range errs {
			problems = append(problems, err.Error())
		}
	}
	return problems
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "Usage: conformance CRD_JSON_DIR < cases.json (give the directory of the CRDs as JSON).")
		os.Exit(64)
	}
	crds, err := loadCRDs(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	decoder := json.NewDecoder(os.Stdin)
	// Numbers stay int64 where they are integers, as the API server decodes them (float64 would fail integer CEL rules).
	decoder.UseNumber()
	var cases []testCase
	if err := decoder.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "cases:", err)
		os.Exit(1)
	}
	verdicts := make([]verdict, 0, len(cases))
	for _, c := range cases {
		verdicts = append(verdicts, verdict{c.Name, problemsOf(normalize(c.Resource).(map[string]interface{}), crds)})
	}
	if err := json.NewEncoder(os.Stdout).Encode(verdicts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// removedFields lists the fields of before that after no longer has (the pruned nulls), as dotted paths.
func removedFields(before, after interface{}, path string) []string {
	removed := []string{}
	switch typed := before.(type) {
	case map[string]interface{}:
		afterMap, _ := after.(map[string]interface{})
		for key, child := range typed {
			childPath := key
			if path != "" {
				childPath = path + "." + key
			}
			if afterChild, kept := afterMap[key]; kept {
				removed = append(removed, removedFields(child, afterChild, childPath)...)
			} else {
				removed = append(removed, childPath)
			}
		}
	case []interface{}:
		afterList, _ := after.([]interface{})
		for index, child := range typed {
			if index < len(afterList) {
				removed = append(removed, removedFields(child, afterList[index], fmt.Sprintf("%s[%d]", path, index))...)
			}
		}
	}
	return removed
}

// normalize turns json.Number into int64 or float64, the types the API server's unstructured decoding gives.
func normalize(value interface{}) interface{} {
	switch typed := value.(type) {
	case map[string]interface{}:
		for key, child := range typed {
			typed[key] = normalize(child)
		}
		return typed
	case []interface{}:
		for index, child := range typed {
			typed[index] = normalize(child)
		}
		return typed
	case json.Number:
		if integer, err := typed.Int64(); err == nil {
			return integer
		}
		float, _ := typed.Float64()
		return float
	default:
		return value
	}
}
