"""Parties (the sides) and their institutions."""

from rest_framework import serializers

from commitments.models import Institution, Party


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "name", "code", "time_zone"]
        read_only_fields = fields


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "acronym", "party"]
        read_only_fields = fields


class PartyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "name"]
        read_only_fields = fields


class InstitutionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "acronym"]
        read_only_fields = fields
