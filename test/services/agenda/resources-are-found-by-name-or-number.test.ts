import { describe, expect, it } from '@jest/globals';
import type { Resource } from '../../../services/agenda/agenda-types.js';
import { parseCatalogue } from '../../../services/agenda/resource-catalogue.js';
import { findResources } from '../../../services/agenda/resource-search.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

const parsed = parseCatalogue(seedCatalogue());
if (!parsed.ok) throw new Error('the seed catalogue does not parse');
const catalogue: Resource[] = [...parsed.resources, { id: 'sala-10', kind: 'room', name: 'Sala 10', capacity: 8, services: ['VC'], active: true }];
const ids = (query: string) => findResources(catalogue, query).map((resource) => resource.id);

describe('finding a resource by what a person writes', () => {
  it('takes its id or its whole name, in any case and with or without accents', () => {
    expect(ids('sala-vc-1')).toEqual(['sala-vc-1']);
    expect(ids('SALA DE VIDEOCONFERENCIA 1')).toEqual(['sala-vc-1']);
    expect(ids('Cámara PTZ 2')).toEqual(['camara-ptz-2']);
    expect(ids('camara ptz 2')).toEqual(['camara-ptz-2']);
  });

  it('takes its words in any order, a number only as that number', () => {
    expect(ids('sala 1')).toEqual(['sala-vc-1']);
    expect(ids('1 sala')).toEqual(['sala-vc-1']);
    expect(ids('sala 10')).toEqual(['sala-10']);
    expect(ids('videoconferencia 2')).toEqual(['sala-vc-2']);
    expect(ids('ana')).toEqual(['tec-ana']);
    expect(ids('técnico luis')).toEqual(['tec-luis']);
  });

  it('reads a kind word ("room", "equipo") as the kind when no name has it', () => {
    expect(ids('room 2')).toEqual(['sala-vc-2']);
  });

  it('gives every resource the words fit, or none', () => {
    expect(ids('puente').sort()).toEqual(['mcu-1', 'puente-audio']);
    expect(ids('sala 3')).toEqual([]);
    expect(ids('de')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });
});
